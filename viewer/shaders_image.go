//go:build viewer

package viewer

// imageFS draws the image view: the reconstruction (a texture covering
// the region rregion of the plane, rendered for an earlier view while a
// new one is computed), the ground truth (the whole image, nearest
// pixels), the error map (over rregion too) or, when split ≥ 0, the
// reconstruction left of the split and the ground truth right of it.
// Outside the image's [−1, 1]² the view is dark gray.
const imageFS = `#version 410 core
uniform sampler2D recon, gt, errMap;
uniform vec4 view, rregion; // x0, y0, x1, y1 of the plane
uniform vec2 size;
uniform int layer;          // 0 reconstruction, 1 ground truth, 2 error
uniform float split;        // < 0: off; else the split's x as a fraction of the width
uniform int gray, hasGT;
out vec4 colour;

vec3 texel(sampler2D s, vec2 uv) {
	vec3 c = texture(s, uv).rgb;
	return gray == 1 ? c.rrr : c;
}

void main() {
	vec2 f = vec2(gl_FragCoord.x / size.x, 1.0 - gl_FragCoord.y / size.y);
	vec2 p = mix(view.xy, view.zw, f);
	if (split >= 0.0 && abs(gl_FragCoord.x - split * size.x) < 1.0) { colour = vec4(1.0); return; }
	if (any(lessThan(p, vec2(-1.0))) || any(greaterThan(p, vec2(1.0)))) { colour = vec4(0.2, 0.2, 0.2, 1.0); return; }
	int l = layer;
	if (split >= 0.0) l = f.x < split ? 0 : 1;
	if (l == 1 && hasGT == 0) l = 0;
	vec2 ru = (p - rregion.xy) / (rregion.zw - rregion.xy);
	if (l == 0) colour = vec4(texel(recon, ru), 1.0);
	else if (l == 1) colour = vec4(texel(gt, (p + 1.0) * 0.5), 1.0);
	else colour = vec4(texture(errMap, ru).rgb, 1.0);
}
`

// planeVS maps points of the image plane (the RBF overlay) to the view.
const planeVS = `#version 410 core
layout(location = 0) in vec2 pos;
uniform vec4 view;
void main() {
	vec2 f = (pos - view.xy) / (view.zw - view.xy);
	gl_Position = vec4(f.x * 2.0 - 1.0, 1.0 - f.y * 2.0, 0.0, 1.0);
}
`

// textVS places a textured rectangle (the HUD, the colour bar, a tile of
// the tiled image view) given in pixels from the top-left corner.
const textVS = `#version 410 core
uniform vec4 rect; // x, y, w, h in pixels
uniform vec2 size;
out vec2 uv;
void main() {
	vec2 c = vec2(float(gl_VertexID & 1), float((gl_VertexID >> 1) & 1));
	uv = c;
	vec2 px = rect.xy + c * rect.zw;
	gl_Position = vec4(px.x / size.x * 2.0 - 1.0, 1.0 - px.y / size.y * 2.0, 0.0, 1.0);
}
`

// textFS draws the HUD texture with its alpha.
const textFS = `#version 410 core
uniform sampler2D tex;
in vec2 uv;
out vec4 colour;
void main() { colour = texture(tex, uv); }
`
