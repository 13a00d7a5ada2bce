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
// sigmoid and tanh networks, He for ReLU networks. The names say which
// variance each draws, and which library name it matches:
//
//	XavierNormal   N(0, 1/n)          the lecture's form (fan-in only)
//	GlorotNormal   N(0, 2/(n+m))      PyTorch xavier_normal_, Keras glorot_normal
//	GlorotUniform  U(±√(6/(n+m)))     PyTorch xavier_uniform_, Keras glorot_uniform
//	HeNormal       N(0, 2/n)          PyTorch kaiming_normal_ (relu), Keras he_normal
//	HeUniform      U(±√(6/n))         PyTorch kaiming_uniform_ (relu), Keras he_uniform
package initializer
