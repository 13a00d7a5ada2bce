package kernelspec

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// FindGo returns the absolute path of the go command: flagValue (the -go
// flag of an installer) when set, else the go found on PATH by lookPath.
func FindGo(flagValue string, lookPath func(string) (string, error)) (string, error) {
	if flagValue != "" {
		abs, err := filepath.Abs(flagValue)
		if err != nil {
			return "", fmt.Errorf("kernelspec: -go %s: %w", flagValue, err)
		}
		if fi, err := os.Stat(abs); err != nil || fi.IsDir() {
			return "", fmt.Errorf("kernelspec: -go %s: not an executable file", flagValue)
		}
		return abs, nil
	}
	p, err := lookPath("go")
	if err != nil {
		return "", errors.New("kernelspec: the go command is not on PATH; install Go 1.26 or later and add its bin directory to PATH, or pass -go /path/to/go")
	}
	return filepath.Abs(p)
}
