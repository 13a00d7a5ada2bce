package nnplot

import "math"

// LossHistory is what [HistoryCurves] needs from a training history, such
// as *model.History: the training and validation loss of every epoch, NaN
// where there was no validation data.
type LossHistory interface {
	Loss() []float64
	ValLoss() []float64
}

// MetricHistory is what [MetricCurves] needs from a training history, such
// as *model.History: a named metric on the training and the validation data
// for every epoch, NaN where it was not recorded.
type MetricHistory interface {
	Metric(name string) []float64
	ValMetric(name string) []float64
}

// HistoryCurves returns the loss curves of a training run, "訓練 (train)" and,
// when there was validation data, "検証 (validation)", ready to adjust (Log, Stop)
// and plot:
//
//	c := nnplot.HistoryCurves(hist)
//	c.Stop = float64(early.BestEpoch)
//	nnplot.Show(c.Plot())
func HistoryCurves(h LossHistory) Curves {
	return Curves{Title: "損失 (loss)", Series: trainVal(h.Loss(), h.ValLoss())}
}

// MetricCurves returns the curves of the metric name ("accuracy") on the
// training data and, when recorded, on the validation data.
func MetricCurves(h MetricHistory, name string) Curves {
	return Curves{Title: name, YLabel: name, Series: trainVal(h.Metric(name), h.ValMetric(name))}
}

// trainVal names the series, leaving out a validation series without a
// single value.
func trainVal(train, val []float64) []Series {
	s := []Series{{Name: "訓練 (train)", Y: train}}
	for _, v := range val {
		if !math.IsNaN(v) {
			return append(s, Series{Name: "検証 (validation)", Y: val})
		}
	}
	return s
}
