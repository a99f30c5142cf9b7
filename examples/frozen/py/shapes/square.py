class Square:
    def __init__(self, side):
        self.side = side

    def area(self):
        return self.side * self.side

    def __repr__(self):
        return "Square(%s)" % self.side
