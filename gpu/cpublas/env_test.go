package cpublas

import "os"

// requireLibrary reports whether a missing library must fail the tests:
// under CI (CI=true), where .ci/run installs libopenblas0.
func requireLibrary() bool { return cgoEnabled && os.Getenv("CI") == "true" }
