package render

import "image"

// CompareFigure returns the figure of an image fit: the photo, the
// reconstruction and the error map (ErrorMap's picture, with its colour
// bar) side by side, labelled "photo", "NeuRBF reconstruction" and
// "|error|", so that it reads without a caption.
func CompareFigure(photo, recon, errMap image.Image) *image.NRGBA {
	return Side(Labelled("photo", photo), Labelled("NeuRBF reconstruction", recon), Labelled("|error|", errMap))
}

// SDFFigure returns the figure of an SDF fit: the view of the fitted field
// beside the same view of the input mesh, labelled "fitted field" and
// "input mesh".
func SDFFigure(fit, mesh image.Image) *image.NRGBA {
	return Side(Labelled("fitted field", fit), Labelled("input mesh", mesh))
}
