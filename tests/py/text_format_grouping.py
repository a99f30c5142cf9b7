# grouping with zero padding (ints and floats), format() builtin
for spec in ['012,.2f', '015,.3f', '0=14,.1f', '+013_.2f', '012,.1%', '020,.2e', '*>14,.2f', '010,.0f', '09,.2f', ' 012,.2f']:
    for v in [1234.5678, -1234.5678, 0.3, 1234567.75, -0.0, 12.0]:
        print(spec, repr(format(v, spec)), repr(('{:' + spec + '}').format(v)))
for spec in ['012,', '012_', '#012_x', '#012_b', '+015,', '-08,', '013_o', '0=12,', '0>12,', '1=12,']:
    for v in [0, 1, -1, 1234, -98765, 2**40]:
        print(spec, repr(format(v, spec)))
print(format(12), format('ab'), format(1.5), format('ab', '>4'), format(-5, '+'), format(True), format(None))
