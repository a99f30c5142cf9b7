# the alternate form '#' for float conversions (str.format, format() and %)
for spec in ['#.0f', '#.0e', '#g', '#.3g', '#G', '#.1g', '#.0g', '#10.0f', '#010.0f', '+#.0e', '#.2%', '#.0%', '#.0E', '#.10g', '#.3f']:
    for v in [0.0, 42.0, -42.0, 255.0, 123456789.0, -1234567.0, 1e20, -2.5e-5, 0.3, 1e-5, 0.0001, 123456.0, 1234567.0]:
        print(spec, repr(format(v, spec)), '%' + spec[1:] if spec[-1] != '%' else '', ('%' + spec.replace('%', 'f').replace('+#', '#+')) % v)
