package main

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"time"

	"github.com/nnbook/nnbook/kernel/modules"
)

// findTimeout bounds the download of nnbook's module when the binary finds
// its own version through GOPROXY.
const findTimeout = 2 * time.Minute

// sessionModules returns where the sessions' nnbook comes from: the source
// tree projectDir when set ($NNBOOK_SOURCE), else what the binary recorded
// (see [modules.Find]). When nothing is found it returns a nil source and a
// notice for the user that names what was searched and the fix; cells that
// do not import nnbook still run.
func sessionModules(projectDir, goBin string, logger *slog.Logger) (src *modules.Source, notice string, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), findTimeout)
	defer cancel()
	src, err = modules.Find(ctx, modules.FindConfig{
		Go: goBin,
		Getenv: func(key string) string {
			if key == modules.EnvSource {
				return projectDir
			}
			return os.Getenv(key)
		},
	})
	var nf *modules.NotFoundError
	if errors.As(err, &nf) {
		logger.Warn("nnbook's packages not found", "err", err)
		return nil, "nnbook: " + err.Error() + "\n", nil
	}
	if err != nil {
		return nil, "", err
	}
	logger.Info("session modules", "from", src.Origin, "dir", src.Dir, "version", src.Version)
	return src, "", nil
}
