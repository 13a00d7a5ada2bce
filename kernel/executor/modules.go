package executor

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

// sessionModules returns where the sessions' nnbook comes from, the source
// tree projectDir when set ($NNBOOK_SOURCE) or else what the binary
// recorded (see [modules.Find]), and the resolver that adds the modules
// cells import. When nnbook is not found, src is nil and the resolver
// fails imports of nnbook's packages with an error that names what was
// searched and the fix; other cells run.
func sessionModules(projectDir, goBin string, logger *slog.Logger) (src *modules.Source, r *modules.Resolver, err error) {
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
		return nil, &modules.Resolver{Go: goBin, Missing: err}, nil
	}
	if err != nil {
		return nil, nil, err
	}
	logger.Info("session modules", "from", src.Origin)
	return src, &modules.Resolver{Go: goBin, Source: src}, nil
}
