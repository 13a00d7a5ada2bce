package scope

import (
	"go/token"
	"go/types"
	"slices"
)

// selectable returns the fields and methods that may follow a value of
// type t and a dot, in the notebook package: through pointers, embedded
// fields (promoted, unless ambiguous) and generic instantiations. With
// addressable, the methods of *t count too. When isType, t is a type and
// the result its method expressions.
func (s *Snapshot) selectable(t types.Type, addressable, isType bool) []types.Object {
	if t == nil {
		return nil
	}
	if _, ok := types.Unalias(t).(*types.TypeParam); ok {
		return nil
	}
	var names []string
	ms := t
	if !isType && addressable && !types.IsInterface(t) {
		if _, isPtr := types.Unalias(t).Underlying().(*types.Pointer); !isPtr {
			ms = types.NewPointer(t)
		}
	}
	mset := types.NewMethodSet(ms)
	for i := range mset.Len() {
		names = append(names, mset.At(i).Obj().Name())
	}
	if !isType {
		names = append(names, fieldNames(t, map[types.Type]bool{})...)
	}
	slices.Sort(names)
	names = slices.Compact(names)
	var out []types.Object
	for _, name := range names {
		if !token.IsExported(name) && !s.own(name, t) {
			continue
		}
		obj, _, _ := types.LookupFieldOrMethod(t, addressable || isType, s.access(), name)
		if obj == nil {
			continue // ambiguous at its depth, or not accessible
		}
		if isType {
			if _, isFunc := obj.(*types.Func); !isFunc {
				continue
			}
		}
		out = append(out, obj)
	}
	return out
}

// own reports whether the unexported name may be selected on t: the
// notebook's own names are accessible to its cells.
func (s *Snapshot) own(name string, t types.Type) bool {
	obj, _, _ := types.LookupFieldOrMethod(t, true, s.access(), name)
	return obj != nil && obj.Pkg() != nil && obj.Pkg().Path() == s.path
}

// access returns a package with the notebook's path, for lookups of
// unexported names.
func (s *Snapshot) access() *types.Package {
	return s.nb
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
