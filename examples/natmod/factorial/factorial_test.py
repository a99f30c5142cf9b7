import factorial
print(factorial.factorial(10))
print([factorial.factorial(i) for i in range(8)])
print(factorial.factorial(20))
try:
    factorial.factorial("x")
except TypeError as e:
    print("TypeError", e)
