// Package assets embeds the two small real images the project ships with,
// so that examples, tests and the command line have a picture to fit
// without any download: Camera (the 512×512 gray "cameraman") and Coffee
// (a 600×400 RGB photograph of a cup of coffee). Both are PNG files from
// scikit-image's data directory, as packaged by Debian's python3-skimage,
// and both are CC0; see the NOTICE file. Decode them with pixels.Decode.
//
// It also embeds a mesh to fit a signed distance field to: Bunny, the
// low-resolution Stanford Bunny of the npm package bunny@1.0.1 as OBJ
// (research use with credit; see NOTICE). Decode it with mesh.Decode.
package assets
