// Package testfiles gives tests the files that live outside their
// package, and a place for the files a failed test leaves behind:
//
//   - RealPath locates the real test data that scripts/fetch-testdata.sh
//     downloads into testdata/real/ at the root of the repository (not
//     committed), skipping the calling test, with the command that
//     fetches it, when a file is absent;
//   - Golden compares a picture with a golden PNG in the package's
//     testdata/ folder with a PSNR tolerance. On failure it keeps the
//     picture drawn in ArtifactDir, where a person or CI can look at it,
//     and names it in the failure message.
//
// The package is for tests only and imports no package of this module,
// so that every package's tests can use it. (It is not named testdata:
// the go command leaves folders of that name out of ./... patterns, so
// its own tests would never run.)
package testfiles
