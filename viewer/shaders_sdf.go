//go:build viewer

package viewer

// fullscreenVS draws one triangle covering the viewport, with no vertex
// buffer (gl_VertexID picks the corners).
const fullscreenVS = `#version 410 core
void main() {
	vec2 p = vec2(float((gl_VertexID & 1) << 2) - 1.0, float((gl_VertexID & 2) << 1) - 1.0);
	gl_Position = vec4(p, 0.0, 1.0);
}
`

// boxVS draws the twelve triangles of the box [boxLo, boxHi], wound
// counter-clockwise seen from outside, with no vertex buffer (gl_VertexID
// picks the corners). Drawn with front faces culled, its back faces cover
// exactly the pixels whose rays cross the box, the eye inside it or not.
const boxVS = `#version 410 core
uniform mat4 viewProj;
uniform vec3 boxLo, boxHi;
// Corner c of the box is at boxLo where bit k of c is clear (k = 0 x,
// 1 y, 2 z), at boxHi where it is set.
const int corners[36] = int[36](0, 4, 6, 0, 6, 2, 1, 7, 5, 1, 3, 7,
                                0, 1, 5, 0, 5, 4, 2, 7, 3, 2, 6, 7,
                                0, 2, 3, 0, 3, 1, 4, 5, 7, 4, 7, 6);
void main() {
	int c = corners[gl_VertexID];
	vec3 p = mix(boxLo, boxHi, vec3(c & 1, (c >> 1) & 1, (c >> 2) & 1));
	gl_Position = viewProj * vec4(p, 1.0);
}
`

// sdfFS ray-marches the baked SDF texture; "#define MODE m" (an SDFMode)
// is inserted after its first line, one program per mode. Rays, shading,
// normal and depth colours follow render's sphere tracer (render/sdf.go,
// render/sdf_shade.go) so the two agree; rays are clipped to [boxLo,
// boxHi], the part of the volume that holds the surface (all of [−1, 1]³
// for the slice), and only that box's pixels are drawn (boxVS). The
// stepping is render's rule (steps of stepFactor·s until |s| < ε) with a
// minimum step of minStep (a fraction of a texel), so that rays grazing a
// silhouette do not crawl; a step that lands inside is followed by
// false-position steps (see march). Normals are the tetrahedral four-tap
// gradient of the texture one texel apart.
//
// llvmpipe runs fragments in SIMD groups of eight under masks and executes
// every branch of an if for the whole group, whichever lanes take it; only
// a loop ends early, when all its lanes have left it, so a group costs the
// steps of its slowest ray. Hence one program per mode (the slice's and the
// depth colours' fetches would otherwise cost every fragment of every
// mode), and the refinement of a step that lands inside within the
// march's loop: the three secant steps that followed the loop cost every
// fragment drawn three fetches. (A single linear step after the loop, with
// no fetch, left dark streaks on a trained bunny's thin ear.)
//
// Tried and dropped, under llvmpipe (the measurements are in
// docs/DECISIONS.md, "Viewer ray march: what was tried and dropped"):
// over-relaxed steps (Keinert et al., "Enhanced Sphere Tracing", 2014;
// ω = 1.3 or 1.6 with their overlap test) were no faster and lowered the
// GL-vs-CPU agreement on the torus; a hit threshold scaled with the pixel
// footprint stopped short of the surface and put dark seams on the torus;
// fetching the normal's taps in the march's loop (so that groups that all
// miss skip them) cost more than it saved, and in a loop of their own saved
// next to nothing; a cone pass that marched one cone per 4×4 pixels to give
// their rays a common start cut the mean steps per ray but not those of
// each group's slowest ray, and cost more CPU a frame than it saved; R16
// and R8 normalised texels were no faster than R16F, and R32F was slower.
//
// Mode 3 is the slice: where the ray crosses the slice plane inside the
// box, the SDF value there through Viridis (0.5 on the surface,
// ±1/sliceScale at the ends), with a dark contour on the surface's level
// set and faint ones every contourStep. The part of the field on the
// eye's side of the plane is cut away, so that the cross-section shows
// whole, inside included, from any camera that does not look along the
// plane; the surface beyond the plane is drawn shaded where the plane
// does not cover it.
const sdfFS = `#version 410 core
uniform vec3 eye, right, up, fwd;
uniform vec2 halfExtent; // sx, sy
uniform vec2 size;       // viewport in pixels
uniform vec3 boxLo, boxHi;
uniform sampler3D vol;
uniform sampler1D cmap;
uniform float n;         // texels per axis
uniform vec3 albedo, bg, light;
uniform float depthNear, depthFar;
uniform float stepFactor, minStep, epsilon;
uniform int maxSteps;
uniform mat4 viewProj;
uniform int sliceAxis;
uniform float slicePos, sliceScale, contourStep;
out vec4 colour;

// sdf samples the texture at p in [−1, 1]³, whose lattice point
// −1 + 2i/(n−1) is at the centre of texel i: at (p + 1)·k + ½/n with
// k = ½(n−1)/n, that is p·k + ½.
float sdf(vec3 p) {
	return texture(vol, p * (0.5 * (n - 1.0) / n) + 0.5).r;
}

bool clipBox(vec3 o, vec3 d, out float t0, out float t1) {
	vec3 inv = 1.0 / d;
	vec3 a = (boxLo - o) * inv, b = (boxHi - o) * inv;
	vec3 lo = min(a, b), hi = max(a, b);
	t0 = max(max(lo.x, lo.y), max(lo.z, 0.0));
	t1 = min(min(hi.x, hi.y), hi.z);
	return t0 <= t1;
}

vec3 viridis(float t) { return texture(cmap, clamp(t, 0.0, 1.0) * 255.0 / 256.0 + 0.5 / 256.0).rgb; }

float fragDepth(vec3 p) {
	vec4 c = viewProj * vec4(p, 1.0);
	return clamp(c.z / c.w * 0.5 + 0.5, 0.0, 1.0);
}

// march returns the distance along the ray o + t·d, t in [t0, t1], to the
// surface, or -1. A sample inside (s ≤ −ε) is followed, in the same loop,
// by false-position steps between it and the last sample outside, until
// |s| < ε; a ray that starts inside hits at once.
float march(vec3 o, vec3 d, float t0, float t1) {
	// The ray in texture coordinates, as sdf maps points.
	float k = 0.5 * (n - 1.0) / n;
	vec3 oT = o * k + 0.5, dT = d * k;
	float t = t0, s = 1.0;
	float tOut = t0, sOut = -1.0; // the last sample outside (none: sOut < 0)
	for (int i = 0; i < maxSteps; i++) {
		s = texture(vol, oT + t * dT).r;
		if (abs(s) < epsilon || t > t1 || (s < 0.0 && sOut < 0.0)) break;
		if (s > 0.0) {
			tOut = t;
			sOut = s;
			t += max(s * stepFactor, minStep);
		} else {
			t = tOut + (t - tOut) * sOut / (sOut - s);
		}
	}
	return t > t1 || s >= epsilon ? -1.0 : t;
}

// normalAt returns the tetrahedral four-tap gradient one texel apart,
// normalised (zero where it vanishes).
vec3 normalAt(vec3 p) {
	float h = 2.0 / (n - 1.0);
	const vec2 k = vec2(1.0, -1.0);
	vec3 g = k.xyy * sdf(p + k.xyy * h) + k.yyx * sdf(p + k.yyx * h) +
	         k.yxy * sdf(p + k.yxy * h) + k.xxx * sdf(p + k.xxx * h);
	float l = length(g);
	return l > 0.0 ? g / l : vec3(0.0);
}

void main() {
	float px = gl_FragCoord.x, py = size.y - gl_FragCoord.y;
	float u = (2.0 * px / size.x - 1.0) * halfExtent.x;
	float v = (1.0 - 2.0 * py / size.y) * halfExtent.y;
	vec3 d = normalize(fwd + u * right + v * up);
	colour = vec4(bg, 1.0);
	gl_FragDepth = 1.0;
	float t0, t1;
	if (!clipBox(eye, d, t0, t1)) return;
#if MODE == 3
	// The ray reaches the far side of the plane at tp when it heads for
	// the plane; otherwise all its points in the box are cut away.
	float side = eye[sliceAxis] - slicePos;
	if (d[sliceAxis] * side >= 0.0) return;
	float tp = (slicePos - eye[sliceAxis]) / d[sliceAxis];
	if (tp > t1) return;
	if (tp >= t0) {
		vec3 p = eye + tp * d;
		float s = sdf(p);
		vec3 c = viridis(0.5 + s * sliceScale);
		float w = fwidth(s);
		c *= mix(0.15, 1.0, smoothstep(0.0, 1.5 * w, abs(s)));
		float iso = abs(fract(s / contourStep + 0.5) - 0.5) * contourStep; // distance to the nearest contour
		c *= mix(0.7, 1.0, smoothstep(0.0, w, iso));
		colour = vec4(c, 1.0);
		gl_FragDepth = fragDepth(p);
		return;
	}
#endif
	float t = march(eye, d, t0, t1);
	if (t < 0.0) return;
	vec3 p = eye + t * d;
	vec3 nrm = normalAt(p);
	if (nrm == vec3(0.0)) nrm = -d;
	gl_FragDepth = fragDepth(p);
#if MODE == 1
	colour = vec4(nrm * 0.5 + 0.5, 1.0);
#elif MODE == 2
	colour = vec4(viridis(1.0 - (t - depthNear) / (depthFar - depthNear)), 1.0);
#else
	float sh = 0.2 + 0.8 * max(dot(nrm, light), 0.0);
	colour = vec4(albedo * sh, 1.0);
#endif
}
`

// worldVS transforms world points (mesh vertices, RBF centres) to the
// camera's clip space.
const worldVS = `#version 410 core
layout(location = 0) in vec3 pos;
uniform mat4 viewProj;
uniform float pointSize;
void main() {
	gl_Position = viewProj * vec4(pos, 1.0);
	gl_PointSize = pointSize;
}
`

// flatFS paints everything in one colour.
const flatFS = `#version 410 core
uniform vec4 tint;
out vec4 colour;
void main() { colour = tint; }
`
