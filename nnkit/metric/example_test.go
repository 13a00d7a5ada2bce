package metric_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit/metric"
)

func ExampleAccuracy() {
	yTrue := []int{0, 1, 2, 2, 1}
	yPred := []int{0, 2, 2, 2, 1}
	fmt.Printf("%.2f\n", metric.Accuracy(yTrue, yPred))
	// Output:
	// 0.80
}

func ExampleNewConfusion() {
	yTrue := []int{0, 0, 0, 0, 1, 1, 1, 2, 2, 2}
	yPred := []int{0, 0, 0, 1, 1, 1, 2, 2, 2, 0}
	c := metric.NewConfusion(yTrue, yPred, 3)
	fmt.Println(c)
	fmt.Printf("accuracy  %.4f\n", c.Accuracy())
	fmt.Printf("precision %.4f\n", c.Precision())
	fmt.Printf("recall    %.4f\n", c.Recall())
	fmt.Printf("F1        %.4f  macro %.4f\n", c.F1(), metric.Macro(c.F1()))
	// Output:
	// true\pred   0   1   2
	//         0   3   1   0
	//         1   0   2   1
	//         2   1   0   2
	// accuracy  0.7000
	// precision [0.7500 0.6667 0.6667]
	// recall    [0.7500 0.6667 0.6667]
	// F1        [0.7500 0.6667 0.6667]  macro 0.6944
}

// On imbalanced data accuracy hides a classifier that never finds the rare
// class; recall and macro F1 show it.
func ExampleMacro() {
	yTrue := []int{0, 0, 0, 0, 0, 0, 0, 0, 0, 1}
	yPred := make([]int, 10) // always the majority class
	c := metric.NewConfusion(yTrue, yPred, 2)
	fmt.Printf("accuracy %.2f, recall %.2f, macro F1 %.4f\n", c.Accuracy(), c.Recall(), metric.Macro(c.F1()))
	// Output:
	// accuracy 0.90, recall [1.00 0.00], macro F1 0.4737
}

func ExampleMSE() {
	yTrue := mat.NewDense(4, 1, []float64{1, 2, 3, 4})
	yPred := mat.NewDense(4, 1, []float64{1.5, 2, 2, 4})
	fmt.Printf("MSE %.4f  MAE %.4f  R² %.4f\n",
		metric.MSE(yTrue, yPred), metric.MAE(yTrue, yPred), metric.R2(yTrue, yPred))
	// Output:
	// MSE 0.3125  MAE 0.3750  R² 0.7500
}

func ExampleMAE() {
	yTrue := mat.NewVecDense(3, []float64{10, 20, 30})
	yPred := mat.NewVecDense(3, []float64{12, 20, 27})
	fmt.Printf("%.4f\n", metric.MAE(yTrue, yPred))
	// Output:
	// 1.6667
}

func ExampleR2() {
	yTrue := mat.NewVecDense(4, []float64{1, 2, 3, 4})
	mean := mat.NewVecDense(4, []float64{2.5, 2.5, 2.5, 2.5})
	fmt.Printf("perfect %.1f, the mean %.1f\n", metric.R2(yTrue, yTrue), metric.R2(yTrue, mean))
	// Output:
	// perfect 1.0, the mean 0.0
}

func ExampleROCAUC() {
	yTrue := []int{0, 0, 1, 1, 0, 1}
	score := []float64{0.1, 0.4, 0.35, 0.8, 0.2, 0.9}
	auc, err := metric.ROCAUC(yTrue, score)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.4f\n", auc)
	// Output:
	// 0.8889
}

func ExampleNewROC() {
	yTrue := []int{0, 0, 1, 1}
	score := []float64{0.1, 0.4, 0.35, 0.8}
	r, err := metric.NewROC(yTrue, score)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i := range r.FPR {
		fmt.Printf("threshold %4.2f: FPR %.2f TPR %.2f\n", r.Thresholds[i], r.FPR[i], r.TPR[i])
	}
	fmt.Printf("AUC %.2f\n", r.AUC())
	// Output:
	// threshold +Inf: FPR 0.00 TPR 0.00
	// threshold 0.80: FPR 0.00 TPR 0.50
	// threshold 0.40: FPR 0.50 TPR 0.50
	// threshold 0.35: FPR 0.50 TPR 1.00
	// threshold 0.10: FPR 1.00 TPR 1.00
	// AUC 0.75
}

func ExampleROCAUC_oneClass() {
	_, err := metric.ROCAUC([]int{1, 1, 1}, []float64{0.2, 0.5, 0.9})
	fmt.Println(err)
	// Output:
	// metric: NewROC: only one class present (3 positive, 0 negative); ROC needs both
}

func ExampleConfusion_Report() {
	yTrue := []int{0, 0, 0, 0, 1, 1, 1, 2, 2, 2}
	yPred := []int{0, 0, 0, 1, 1, 1, 2, 2, 2, 0}
	c := metric.NewConfusion(yTrue, yPred, 3)
	fmt.Println(c.Report([]string{"setosa", "versicolor", "virginica"}))
	// Output:
	// class       precision  recall      F1  support
	// setosa         0.7500  0.7500  0.7500        4
	// versicolor     0.6667  0.6667  0.6667        3
	// virginica      0.6667  0.6667  0.6667        3
	// macro          0.6944  0.6944  0.6944       10
	// micro          0.7000  0.7000  0.7000       10
	// weighted       0.7000  0.7000  0.7000       10
	// accuracy                       0.7000       10
}

// On imbalanced data the three averages disagree: macro weighs every class
// the same, micro and support-weighted weigh every sample the same, so a
// poor minority class hardly moves them.
func ExampleWeighted() {
	yTrue := []int{0, 0, 0, 0, 0, 0, 0, 0, 1, 1}
	yPred := []int{0, 0, 0, 0, 0, 0, 0, 0, 0, 1}
	c := metric.NewConfusion(yTrue, yPred, 2)
	recall, support := c.Recall(), c.Support()
	_, microRecall, _ := c.Micro()
	fmt.Println("support", support)
	fmt.Printf("recall per class %.2f\n", recall)
	fmt.Printf("macro %.2f  micro %.2f  weighted %.2f\n", metric.Macro(recall), microRecall, metric.Weighted(recall, support))
	// Output:
	// support [8 2]
	// recall per class [1.00 0.50]
	// macro 0.75  micro 0.90  weighted 0.90
}

func ExampleConfusion_Micro() {
	c := metric.NewConfusion([]int{0, 1, 1, 2}, []int{0, 1, 2, 2}, 3)
	p, r, f1 := c.Micro()
	fmt.Printf("precision %.2f recall %.2f F1 %.2f accuracy %.2f\n", p, r, f1, c.Accuracy())
	// Output:
	// precision 0.75 recall 0.75 F1 0.75 accuracy 0.75
}

func ExampleConfusion_Support() {
	c := metric.NewConfusion([]int{0, 1, 1, 2, 2, 2}, []int{0, 1, 2, 2, 2, 0}, 3)
	fmt.Println(c.Support())
	// Output:
	// [1 2 3]
}
