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

// sdfFS ray-marches the baked SDF texture. Rays, the box clip, shading,
// normal and depth colours follow render's sphere tracer (render/sdf.go,
// render/sdf_shade.go) so the two agree. The stepping is render's rule
// (steps of stepFactor·s until |s| < ε) with a minimum step of minStep (a
// fraction of a texel), so that rays grazing a silhouette do not crawl; a
// step that lands inside (s < 0) is refined by secant steps between the
// last point outside and the one inside.
//
// Tried and dropped: over-relaxed steps (Keinert et al., "Enhanced Sphere
// Tracing", 2014; ω = 1.3 or 1.6 with their overlap test) were no faster
// within the noise under llvmpipe and cut the GL-vs-CPU agreement on the
// torus from 45 to 30 dB; a hit threshold scaled with the pixel footprint
// stopped short of the surface and put dark seams on the torus.
// A hit threshold scaled with the pixel footprint was tried and dropped:
// stopping that far from the surface put dark seams on the torus.
// Normals are the tetrahedral four-tap gradient of the texture one texel
// apart (four fetches instead of central differences' six). Mode 3 is the
// slice: where the ray crosses the slice plane inside the box, the SDF value
// there through Viridis (0.5 on the surface, ±1/sliceScale at the ends),
// with a dark contour on the surface's level set and faint ones every
// contourStep; elsewhere the shaded surface.
const sdfFS = `#version 410 core
uniform vec3 eye, right, up, fwd;
uniform vec2 halfExtent; // sx, sy
uniform vec2 size;       // viewport in pixels
uniform sampler3D vol;
uniform sampler1D cmap;
uniform float n;         // texels per axis
uniform int mode;        // 0 shade, 1 normals, 2 depth, 3 slice
uniform vec3 albedo, bg, light;
uniform float depthNear, depthFar;
uniform float stepFactor, minStep, epsilon;
uniform int maxSteps;
uniform mat4 viewProj;
uniform int sliceAxis;
uniform float slicePos, sliceScale, contourStep;
out vec4 colour;

float sdf(vec3 p) {
	return texture(vol, (p + 1.0) * 0.5 * (n - 1.0) / n + 0.5 / n).r;
}

vec3 normalAt(vec3 p) {
	float h = 2.0 / (n - 1.0);
	const vec2 k = vec2(1.0, -1.0);
	vec3 g = k.xyy * sdf(p + k.xyy * h) + k.yyx * sdf(p + k.yyx * h) +
	         k.yxy * sdf(p + k.yxy * h) + k.xxx * sdf(p + k.xxx * h);
	float l = length(g);
	return l > 0.0 ? g / l : vec3(0.0);
}

bool clipBox(vec3 o, vec3 d, out float t0, out float t1) {
	vec3 inv = 1.0 / d;
	vec3 a = (-1.0 - o) * inv, b = (1.0 - o) * inv;
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

// march returns the distance along the ray to the surface, or -1. The
// loop body is kept to one fetch and a little arithmetic: llvmpipe runs
// fragments in SIMD groups with masks, so any code in the loop (the secant
// refinement, say) costs every step of every ray; the refinement runs once,
// after the loop.
float march(vec3 o, vec3 d, float t0, float t1) {
	float t = t0, prevS = 0.0, stepLen = 0.0, s = 1.0;
	for (int i = 0; i < maxSteps; i++) {
		s = sdf(o + t * d);
		if (s < epsilon || t > t1) break;
		stepLen = max(s * stepFactor, minStep);
		prevS = s;
		t += stepLen;
	}
	if (t > t1 || s >= epsilon) return -1.0;
	if (s >= 0.0 || t <= t0) return t;
	// Crossed the surface: secant steps between the last point outside
	// (t − stepLen, prevS) and this one.
	float ta = t - stepLen, sa = prevS, tb = t, sb = s;
	for (int j = 0; j < 3; j++) {
		float tm = ta + (tb - ta) * sa / (sa - sb);
		float sm = sdf(o + tm * d);
		if (sm > 0.0) { ta = tm; sa = sm; } else { tb = tm; sb = sm; }
	}
	return ta + (tb - ta) * sa / (sa - sb);
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

	float tPlane = -1.0;
	if (mode == 3 && d[sliceAxis] != 0.0) {
		float tp = (slicePos - eye[sliceAxis]) / d[sliceAxis];
		if (tp >= t0 && tp <= t1) tPlane = tp;
	}

	float t = march(eye, d, t0, t1);
	bool hit = t >= 0.0;
	if (tPlane >= 0.0 && (!hit || tPlane < t)) {
		vec3 p = eye + tPlane * d;
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
	if (!hit) return;
	vec3 p = eye + t * d;
	vec3 nrm = normalAt(p);
	if (nrm == vec3(0.0)) nrm = -d;
	gl_FragDepth = fragDepth(p);
	if (mode == 1) {
		colour = vec4(nrm * 0.5 + 0.5, 1.0);
	} else if (mode == 2) {
		colour = vec4(viridis(1.0 - (t - depthNear) / (depthFar - depthNear)), 1.0);
	} else {
		float sh = 0.2 + 0.8 * max(dot(nrm, light), 0.0);
		colour = vec4(albedo * sh, 1.0);
	}
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
