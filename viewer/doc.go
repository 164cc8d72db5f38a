//go:build viewer

// Package viewer is the interactive OpenGL viewer of neurbf: it shows
// fitted image fields and signed distance fields, compares them with the
// ground truth and watches training live. It uses OpenGL 4.1 core through
// github.com/go-gl/gl and windows from GLFW 3.3, so it needs cgo and a
// display; every file carries the "viewer" build tag, and the rest of the
// module builds and tests without either.
//
// # Views
//
// An ImageView re-renders the field (on the CPU, through render.Renderer)
// at the resolution of the window for the current pan and zoom, so zooming
// shows reconstructed detail rather than magnified pixels. It shows the
// reconstruction, the ground truth or an error map, a split between the
// reconstruction and the ground truth, and the adaptive RBFs as ellipses:
// the level set φ = ½ of each kernel, where dᵀSd = 1. The error map is
// error.png's: the same per-pixel error, colour scale (render.ErrorScale,
// measured on the whole image at its own resolution) and colour bar
// (render.ColourBar), so the window and the file can be compared.
//
// A fixed model of a big image (over TiledAbove pixels, or any size with
// Options.Tiles "on") is drawn from tiles instead: a pyramid of zoom
// levels, level k sampling the image every 2^k pixels (package
// viewer/tiles), whose tiles background workers evaluate at about one
// sample per window pixel, only where the window looks, the whole image's
// one coarse tile first as the preview and the level above while the view
// moves; finished tiles stay in a least-recently-used cache of textures
// under a byte budget, so panning back evaluates nothing and the drawing
// thread never waits. A window on a level's grid shows exactly the
// samples `neurbf render --region` draws at that scale. The ground truth
// and the error map are tiled the same way, the error map's scale
// measured on a grid of pixels spread over the image rather than on the
// whole reconstruction.
//
// An SDFView ray-marches a 3-D texture into which the field was baked (Bake,
// in parallel in Go): evaluating the MLP at every ray step in a shader
// would be far too slow under a software rasteriser. Its cameras,
// shading, normal and depth colours follow render.Camera and
// render.RenderSDF, so a GL picture and a CPU picture of the same SDF from
// the same camera agree. It also draws a colour-mapped slice of the field
// (with the field on the camera's side of the plane cut away, and by
// default on the axis the camera looks along, so that it shows from any
// camera), the RBF centres as points and a ground-truth mesh as a
// wireframe.
//
// The HUD wraps its text to the window's width.
//
// # Threads
//
// OpenGL calls must come from the thread that made the context current;
// the package locks the main goroutine to the main thread in init, so
// programs must create contexts and draw from main (or from the test
// goroutine that runs first, as the tests do through TestMain).
package viewer
