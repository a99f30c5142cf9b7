# Pystone-style workload: records as class instances, attribute access,
# method calls, small integer arithmetic and string compares.

class Record:
    def __init__(self, ptr_comp=None, discr=0, enum_comp=0, int_comp=0, str_comp=""):
        self.ptr_comp = ptr_comp
        self.discr = discr
        self.enum_comp = enum_comp
        self.int_comp = int_comp
        self.str_comp = str_comp

    def copy(self):
        return Record(self.ptr_comp, self.discr, self.enum_comp, self.int_comp, self.str_comp)


IDENT1, IDENT2, IDENT3, IDENT4, IDENT5 = 1, 2, 3, 4, 5


class Machine:
    def __init__(self):
        self.int_glob = 0
        self.bool_glob = False
        self.char1 = "\0"
        self.char2 = "\0"
        self.array1 = [0] * 51
        self.array2 = [[0] * 51 for _ in range(51)]
        self.ptr_glb = None
        self.ptr_glb_next = None

    def func1(self, c1, c2):
        c_loc1 = c1
        c_loc2 = c_loc1
        if c_loc2 != c2:
            return IDENT1
        return IDENT2

    def func2(self, s1, s2):
        int_loc = 1
        char_loc = "A"
        while int_loc <= 1:
            if self.func1(s1[int_loc], s2[int_loc + 1]) == IDENT1:
                char_loc = "A"
                int_loc += 1
        if "W" <= char_loc <= "Z":
            int_loc = 7
        if char_loc == "X":
            return True
        if s1 > s2:
            int_loc += 7
            return True
        return False

    def func3(self, enum_par_in):
        return enum_par_in == IDENT3

    def proc8(self, a1, a2, int_par_i1, int_par_i2):
        int_loc = int_par_i1 + 5
        a1[int_loc] = int_par_i2
        a1[int_loc + 1] = a1[int_loc]
        a1[int_loc + 30] = int_loc
        for int_index in range(int_loc, int_loc + 2):
            a2[int_loc][int_index] = int_loc
        a2[int_loc][int_loc - 1] += 1
        a2[int_loc + 20][int_loc] = a1[int_loc]
        self.int_glob = 5

    def proc7(self, int_par_i1, int_par_i2):
        int_loc = int_par_i1 + 2
        return int_par_i2 + int_loc

    def proc6(self, enum_par_in):
        enum_par_out = enum_par_in
        if not self.func3(enum_par_in):
            enum_par_out = IDENT4
        if enum_par_in == IDENT1:
            enum_par_out = IDENT1
        elif enum_par_in == IDENT2:
            enum_par_out = IDENT1 if self.int_glob > 100 else IDENT4
        elif enum_par_in == IDENT3:
            enum_par_out = IDENT2
        elif enum_par_in == IDENT5:
            enum_par_out = IDENT3
        return enum_par_out

    def proc5(self):
        self.char1 = "A"
        self.bool_glob = False

    def proc4(self):
        bool_loc = self.char1 == "A"
        self.bool_glob = bool_loc or self.bool_glob
        self.char2 = "B"

    def proc3(self, ptr_par_out):
        if self.ptr_glb is not None:
            ptr_par_out = self.ptr_glb.ptr_comp
        else:
            self.int_glob = 100
        self.ptr_glb.int_comp = self.proc7(10, self.int_glob)
        return ptr_par_out

    def proc2(self, int_par_io):
        int_loc = int_par_io + 10
        enum_loc = 0
        while True:
            if self.char1 == "A":
                int_loc -= 1
                int_par_io = int_loc - self.int_glob
                enum_loc = IDENT1
            if enum_loc == IDENT1:
                break
        return int_par_io

    def proc1(self, ptr_par_in):
        next_record = ptr_par_in.ptr_comp = self.ptr_glb.copy()
        ptr_par_in.int_comp = 5
        next_record.int_comp = ptr_par_in.int_comp
        next_record.ptr_comp = ptr_par_in.ptr_comp
        next_record.ptr_comp = self.proc3(next_record.ptr_comp)
        if next_record.discr == IDENT1:
            next_record.int_comp = 6
            next_record.enum_comp = self.proc6(ptr_par_in.enum_comp)
            next_record.ptr_comp = self.ptr_glb.ptr_comp
            next_record.int_comp = self.proc7(next_record.int_comp, 10)
        else:
            ptr_par_in = next_record.copy()
        next_record.ptr_comp = None
        return ptr_par_in

    def run(self, loops):
        self.ptr_glb_next = Record()
        self.ptr_glb = Record(self.ptr_glb_next, IDENT1, IDENT3, 40,
                              "DHRYSTONE PROGRAM, SOME STRING")
        string1 = "DHRYSTONE PROGRAM, 1'ST STRING"
        self.array2[8][7] = 10
        checksum = 0
        for i in range(loops):
            self.proc5()
            self.proc4()
            int_loc1 = 2
            int_loc2 = 3
            string2 = "DHRYSTONE PROGRAM, 2'ND STRING"
            enum_loc = IDENT2
            self.bool_glob = not self.func2(string1, string2)
            while int_loc1 < int_loc2:
                int_loc3 = 5 * int_loc1 - int_loc2
                int_loc3 = self.proc7(int_loc1, int_loc2)
                int_loc1 += 1
            self.proc8(self.array1, self.array2, int_loc1, int_loc3)
            self.ptr_glb = self.proc1(self.ptr_glb)
            char_index = "A"
            while char_index <= self.char2:
                if enum_loc == self.func1(char_index, "C"):
                    enum_loc = self.proc6(IDENT1)
                char_index = chr(ord(char_index) + 1)
            int_loc3 = int_loc2 * int_loc1
            int_loc2 = int_loc3 // int_loc1
            int_loc2 = 7 * (int_loc3 - int_loc2) - int_loc1
            int_loc1 = self.proc2(int_loc1)
            checksum = (checksum * 31 + int_loc1 + int_loc2 + int_loc3 + enum_loc) % 1000003
        return checksum


m = Machine()
print("pystone checksum", m.run(800000), m.int_glob, m.array1[8], m.array2[8][7])
