class Circle:
    PI = 3.14159

    def __init__(self, r):
        self.r = r

    def area(self):
        return self.PI * self.r * self.r

    def __repr__(self):
        return "Circle(%s)" % self.r
