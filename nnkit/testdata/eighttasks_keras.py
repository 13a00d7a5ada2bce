# The eight everyday tasks of the prototyping issue in Keras 3 with
# scikit-learn, imbalanced-learn and KerasTuner, as notebook cells would
# hold them; ../eighttasks_test.go is the nnkit version (run by go test) and
# count_lines.py counts both. Not run here: Keras is not installed. One
# statement per line, as black writes them; lines up to 115 columns in both
# versions.
import keras
import keras_tuner
import matplotlib.pyplot as plt
from imblearn.over_sampling import SMOTE
from keras import layers
from sklearn.datasets import load_digits
from sklearn.metrics import ConfusionMatrixDisplay, classification_report, recall_score
from sklearn.model_selection import train_test_split
from sklearn.datasets import make_classification

# task 1: load and scale the data
x, y = load_digits(return_X_y=True)
x = x / 16.0  # pixels 0-16

# task 2: an MLP with ReLU and dropout, Adam, a cosine schedule, early stopping, a live bar
model = keras.Sequential([keras.Input((64,)), layers.Dense(128, activation="relu"),
                          layers.Dropout(0.2), layers.Dense(10)])
model.compile(optimizer=keras.optimizers.Adam(keras.optimizers.schedules.CosineDecay(1e-3, 20 * 13)),
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
hist = model.fit(x, y, epochs=20, batch_size=128, validation_split=0.1,
                 callbacks=[keras.callbacks.EarlyStopping(patience=3, restore_best_weights=True)])

# task 3: inspect and plot the trained model
model.summary()
plt.plot(hist.history["loss"])
plt.plot(hist.history["val_loss"])
pred = model.predict(x).argmax(axis=1)
print(classification_report(y, pred))
ConfusionMatrixDisplay.from_predictions(y, pred)

# task 4: continue training at a new learning rate
model.compile(optimizer=keras.optimizers.Adam(1e-4),  # a schedule's rate cannot be set: compile again
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
hist = model.fit(x, y, epochs=25, initial_epoch=20, batch_size=128, validation_split=0.1)

# task 5: SMOTE an imbalanced set and compare recall
xi, yi = make_classification(2000, n_features=2, n_informative=2, n_redundant=0, weights=[0.95], random_state=1)
xtr, xte, ytr, yte = train_test_split(xi, yi, test_size=0.25, stratify=yi, random_state=1)
def recall(xa, ya):
    m = keras.Sequential([keras.Input((2,)), layers.Dense(16, activation="relu"), layers.Dense(2)])
    m.compile("adam", keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    m.fit(xa, ya, verbose=0)
    return recall_score(yte, m.predict(xte).argmax(axis=1))
xs, ys = SMOTE(random_state=1).fit_resample(xtr, ytr)
print(recall(xtr, ytr), recall(xs, ys))

# task 6: a small hyperparameter search
def build(hp):
    m = keras.Sequential([keras.Input((64,)), layers.Dense(hp.Choice("units", [32, 64]), activation="relu"),
                          layers.Dropout(0.2), layers.Dense(10)])
    m.compile(keras.optimizers.Adam(hp.Float("lr", 1e-4, 1e-2, sampling="log")),
              keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return m
tuner = keras_tuner.RandomSearch(build, objective="val_loss", max_trials=8)
tuner.search(x, y, epochs=3, validation_split=0.1)
tuner.results_summary()

# task 7: deliberate mistakes
model.fit(x[:, :60], y)  # too few columns
model.compile("adam", "categorical_crossentropy")
model.fit(x, y)  # class indices instead of one-hot rows

# task 8: interrupt and continue
model.fit(x, y, epochs=30)  # the stop button: KeyboardInterrupt, the weights stay
model.fit(x, y, epochs=30, initial_epoch=25)

# end
