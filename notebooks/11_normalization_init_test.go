//go:build unix

package notebooks_test

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

func init() {
	checks["11_normalization_init.ipynb"] = func(t *testing.T, nb *Executed) {
		// The lecture's example: 40/80 = 0.5 and 5 000 000/20 000 000 = 0.25.
		assertText(t, nb, "maxabs", "divided by the maximum:\n⎡0.5000  0.2500⎤")
		// Min-max by hand: (40−25)/(80−25) = 0.2727, (5−3)/(20−3) = 0.1176.
		assertText(t, nb, "maxabs", "min-max scaled to [0, 1]:\n⎡0.2727  0.1176⎤")

		// Standardised Iris: mean 0 (round-off), standard deviation 1.
		std := scanRows(t, nb.Text["standardize"], 1)
		if len(std) != 4 {
			t.Errorf("standardize: %d features, want 4", len(std))
		}
		for name, v := range std {
			if math.Abs(v[2]) > 1e-12 || math.Abs(v[3]-1) > 5e-4 {
				t.Errorf("standardize: %s after: mean %g, std %g, want 0 and 1", name, v[2], v[3])
			}
		}
		// Whitening: standardised petals keep their correlation, whitened
		// ones have covariance n/(n−1)·I (ε = 1e-5 shifts the last digit).
		assertText(t, nb, "whiten", "covariance, standardised:\n⎡1.007  0.969⎤")
		var a, b, c, d float64
		w := nb.Text["whiten"][strings.Index(nb.Text["whiten"], "ZCA-whitened:"):]
		if _, err := fmt.Sscanf(w, "ZCA-whitened:\n⎡%f %f⎤\n⎣%f %f⎦", &a, &b, &c, &d); err != nil {
			t.Errorf("whiten: %v in %q", err, w)
		}
		if math.Abs(a-150.0/149) > 2e-3 || math.Abs(d-150.0/149) > 2e-3 || b != 0 || c != 0 {
			t.Errorf("whitened covariance [%g %g; %g %g], want 150/149·I", a, b, c, d)
		}

		// Resampling raises the minority class's recall on the test data.
		res := scanRows(t, nb.Text["imbalance-train"], 1)
		if got := res["original"][0]; got != 400 {
			t.Errorf("original training rows %g, want 400", got)
		}
		if res["SMOTE"][0] != 720 || res["undersampled"][0] != 80 {
			t.Errorf("resampled rows: SMOTE %g, undersampled %g, want 720 and 80", res["SMOTE"][0], res["undersampled"][0])
		}
		for _, name := range []string{"SMOTE", "undersampled"} {
			if res[name][3] <= res["original"][3]+0.1 {
				t.Errorf("class-1 recall: %s %.3f, original %.3f; want resampling to raise it by more than 0.1", name, res[name][3], res["original"][3])
			}
		}

		// Initial weights: with He's initialisation the ReLU activations keep
		// their spread through ten layers; with Xavier's they collapse.
		sd := map[string][]float64{}
		for _, line := range strings.Split(strings.TrimSpace(nb.Text["init"]), "\n")[1:] {
			name, values, _ := strings.Cut(line, "  ")
			for _, f := range strings.Fields(values) {
				var v float64
				fmt.Sscan(f, &v)
				sd[strings.TrimSpace(name)] = append(sd[strings.TrimSpace(name)], v)
			}
		}
		he, xavier := sd["ReLU, He"], sd["ReLU, Xavier"]
		if len(he) != 10 || len(xavier) != 10 {
			t.Fatalf("init: want 10 layers each for ReLU with He and Xavier, got %v", sd)
		}
		for i, v := range he {
			if v < 0.5 || v > 2 {
				t.Errorf("ReLU, He: layer %d activations have standard deviation %.3f, want within [0.5, 2] (no collapse)", i+1, v)
			}
		}
		if xavier[9] > xavier[0]/5 {
			t.Errorf("ReLU, Xavier: standard deviation %.3f at layer 10, %.3f at layer 1; want it to shrink more than 5-fold", xavier[9], xavier[0])
		}

		// Batch normalisation: the deep sigmoid network learns with it and
		// stays near chance (loss ln 10) without it.
		var lossNo, accNo, lossBN, accBN float64
		if _, err := fmt.Sscanf(nb.Text["batchnorm"], "without batch norm  epoch 15: loss %f, validation accuracy %f\nwith batch norm     epoch 15: loss %f, validation accuracy %f",
			&lossNo, &accNo, &lossBN, &accBN); err != nil {
			t.Errorf("batchnorm: %v in %q", err, nb.Text["batchnorm"])
		}
		if accBN < 0.85 || accNo > 0.3 || lossBN > lossNo/5 {
			t.Errorf("batchnorm: with %.4f/%.3f, without %.4f/%.3f (loss/accuracy); want ≥ 0.85 accuracy with and ≤ 0.3 without", lossBN, accBN, lossNo, accNo)
		}
		assertImages(t, nb, map[string]int{"whiten-plot": 1, "imbalance-data": 1, "init-hist": 4, "batchnorm-curves": 1})
	}
}
