// Package initializer fills weight matrices with their starting values.
//
// A weight matrix W of a layer with n inputs and m outputs is n×m (rows =
// inputs, as x·W with x holding one sample per row); n is the fan-in and m
// the fan-out. Every initializer draws from the *rand.Rand it is given, so
// the same seed gives the same weights bit for bit:
//
//	rng := rand.New(rand.NewPCG(seed, seed))
//	initializer.HeNormal{}.Fill(w, rng)
//
// Which one to use (lecture, chapter "weight initialisation"): Xavier for
// sigmoid and tanh networks, He for ReLU networks.
package initializer
