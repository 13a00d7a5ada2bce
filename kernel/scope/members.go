package scope

import (
	"go/types"
	"slices"
	"strings"
)

// selectable returns the fields and methods that may follow a value of
// type t and a dot, in the notebook package: through pointers, embedded
// fields (promoted, unless ambiguous) and generic instantiations. With
// addressable, the methods of *t count too. When isType, t is a type and
// the result its method expressions.
//
// Results are cached per snapshot: while a user types net.F, net.Fi, …
// each request selects on the same type.
func (s *Snapshot) selectable(t types.Type, addressable, isType bool) []types.Object {
	if t == nil {
		return nil
	}
	key := selKey{t, addressable, isType}
	s.mu.Lock()
	objs, ok := s.selCache[key]
	s.mu.Unlock()
	if ok {
		return objs
	}
	objs = s.lookupSelectable(t, addressable, isType)
	s.mu.Lock()
	if len(s.selCache) >= maxSelCache {
		clear(s.selCache)
	}
	s.selCache[key] = objs
	s.mu.Unlock()
	return objs
}

// maxSelCache bounds the entries of a snapshot's cache of selectable
// members.
const maxSelCache = 256

// selKey is a key of a snapshot's cache of selectable members. Types of
// live values are the same pointers from request to request; others
// (those of cell-local declarations) just miss.
type selKey struct {
	t                   types.Type
	addressable, isType bool
}

// lookupSelectable computes [Snapshot.selectable].
func (s *Snapshot) lookupSelectable(t types.Type, addressable, isType bool) []types.Object {
	if _, ok := types.Unalias(t).(*types.TypeParam); ok {
		return nil
	}
	ms := t
	if !isType && addressable && !types.IsInterface(t) {
		if _, isPtr := types.Unalias(t).Underlying().(*types.Pointer); !isPtr {
			ms = types.NewPointer(t)
		}
	}
	// The method set resolves promotion, and collisions with fields and
	// other methods at one depth: its methods are selectable as they are.
	var out []types.Object
	methods := map[string]bool{}
	mset := types.NewMethodSet(ms)
	for i := range mset.Len() {
		obj := mset.At(i).Obj()
		methods[obj.Name()] = true
		if s.accessible(obj) {
			out = append(out, obj)
		}
	}
	if isType {
		return out
	}
	// Fields need a lookup: one may be ambiguous at its depth, or
	// shadowed by a method outside the method set.
	names := fieldNames(t, map[types.Type]bool{})
	slices.Sort(names)
	for _, name := range slices.Compact(names) {
		if methods[name] {
			continue
		}
		obj, _, _ := types.LookupFieldOrMethod(t, addressable, s.nb, name)
		if f, ok := obj.(*types.Var); ok && s.accessible(f) {
			out = append(out, f)
		}
	}
	slices.SortFunc(out, func(a, b types.Object) int { return strings.Compare(a.Name(), b.Name()) })
	return out
}

// accessible reports whether a cell may select the field or method obj:
// exported ones, and the notebook's own.
func (s *Snapshot) accessible(obj types.Object) bool {
	return obj.Exported() || (obj.Pkg() != nil && obj.Pkg().Path() == s.path)
}

// fieldNames returns the names of the fields of t's struct, and of the
// structs it embeds, at any depth.
func fieldNames(t types.Type, seen map[types.Type]bool) []string {
	if p, ok := types.Unalias(t).Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	if seen[t] {
		return nil
	}
	seen[t] = true
	st, ok := types.Unalias(t).Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	var names []string
	for i := range st.NumFields() {
		f := st.Field(i)
		names = append(names, f.Name())
		if f.Embedded() {
			names = append(names, fieldNames(f.Type(), seen)...)
		}
	}
	return names
}

// owner returns the named type that declares the field or method obj,
// selected on t along index (from [types.LookupFieldOrMethod]); nil when
// it has none (a field of an unnamed struct).
func owner(t types.Type, obj types.Object, index []int) *types.Named {
	if f, ok := obj.(*types.Func); ok {
		recv := f.Signature().Recv()
		if recv == nil {
			return nil
		}
		rt := recv.Type()
		if p, ok := rt.(*types.Pointer); ok {
			rt = p.Elem()
		}
		n, _ := types.Unalias(rt).(*types.Named)
		return n
	}
	var n *types.Named
	for _, i := range index {
		if p, ok := types.Unalias(t).Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		n, _ = types.Unalias(t).(*types.Named)
		st, ok := types.Unalias(t).Underlying().(*types.Struct)
		if !ok || i >= st.NumFields() {
			return nil
		}
		t = st.Field(i).Type()
	}
	return n
}
