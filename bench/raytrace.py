# A small ray tracer: vectors as small classes, spheres and a plane,
# diffuse shading with shadows, rendered to a coarse ASCII image.


class Vec:
    def __init__(self, x, y, z):
        self.x = x
        self.y = y
        self.z = z

    def add(self, o):
        return Vec(self.x + o.x, self.y + o.y, self.z + o.z)

    def sub(self, o):
        return Vec(self.x - o.x, self.y - o.y, self.z - o.z)

    def scale(self, k):
        return Vec(self.x * k, self.y * k, self.z * k)

    def dot(self, o):
        return self.x * o.x + self.y * o.y + self.z * o.z

    def norm(self):
        return self.scale(1.0 / (self.dot(self) ** 0.5))


class Ray:
    def __init__(self, origin, direction):
        self.origin = origin
        self.direction = direction

    def at(self, t):
        return self.origin.add(self.direction.scale(t))


class Sphere:
    def __init__(self, centre, radius, shade):
        self.centre = centre
        self.radius = radius
        self.shade = shade

    def hit(self, ray):
        oc = ray.origin.sub(self.centre)
        b = oc.dot(ray.direction)
        c = oc.dot(oc) - self.radius * self.radius
        disc = b * b - c
        if disc < 0:
            return None
        sq = disc ** 0.5
        t = -b - sq
        if t > 1e-6:
            return t
        t = -b + sq
        if t > 1e-6:
            return t
        return None

    def normal(self, p):
        return p.sub(self.centre).norm()


class Plane:
    def __init__(self, point, normal_vec, shade):
        self.point = point
        self.n = normal_vec
        self.shade = shade

    def hit(self, ray):
        denom = self.n.dot(ray.direction)
        if abs(denom) < 1e-9:
            return None
        t = self.point.sub(ray.origin).dot(self.n) / denom
        return t if t > 1e-6 else None

    def normal(self, p):
        return self.n


class Scene:
    def __init__(self):
        self.objects = [
            Sphere(Vec(0.0, 1.0, 5.0), 1.0, 0.9),
            Sphere(Vec(-2.0, 0.6, 6.5), 0.6, 0.7),
            Sphere(Vec(1.8, 0.5, 4.2), 0.5, 0.8),
            Plane(Vec(0.0, 0.0, 0.0), Vec(0.0, 1.0, 0.0), 0.5),
        ]
        self.light = Vec(-3.0, 6.0, 1.0)

    def nearest(self, ray):
        best_t = None
        best_obj = None
        for obj in self.objects:
            t = obj.hit(ray)
            if t is not None and (best_t is None or t < best_t):
                best_t = t
                best_obj = obj
        return best_obj, best_t

    def shade(self, ray, depth):
        obj, t = self.nearest(ray)
        if obj is None:
            return 0.1
        p = ray.at(t)
        n = obj.normal(p)
        to_light = self.light.sub(p)
        dist = to_light.dot(to_light) ** 0.5
        l = to_light.scale(1.0 / dist)
        shadow_obj, shadow_t = self.nearest(Ray(p, l))
        lit = 0.0
        if shadow_obj is None or shadow_t > dist:
            lit = max(0.0, n.dot(l))
        colour = obj.shade * (0.15 + 0.85 * lit)
        if depth > 0 and isinstance(obj, Sphere):
            refl = ray.direction.sub(n.scale(2.0 * ray.direction.dot(n)))
            colour = 0.8 * colour + 0.2 * self.shade(Ray(p, refl), depth - 1)
        return colour


def render(width, height):
    scene = Scene()
    eye = Vec(0.0, 1.2, 0.0)
    chars = " .:-=+*#%@"
    rows = []
    total = 0.0
    for j in range(height):
        row = []
        for i in range(width):
            x = (i - width / 2) / width * 1.6
            y = (height / 2 - j) / height * 1.2
            ray = Ray(eye, Vec(x, y, 1.0).norm())
            c = scene.shade(ray, 2)
            total += c
            k = int(c * 9.99)
            row.append(chars[min(9, max(0, k))])
        rows.append("".join(row))
    return rows, total


rows, total = render(640, 320)
for j in range(0, len(rows), 32):
    print("".join([rows[j][i] for i in range(0, len(rows[j]), 8)]))
print("total %.6f" % total)
