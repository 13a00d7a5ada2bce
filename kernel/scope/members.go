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
	for _, f := range selectableFields(t) {
		if !methods[f.Name()] && s.accessible(f) {
			out = append(out, f)
		}
	}
	slices.SortFunc(out, func(a, b types.Object) int { return strings.Compare(a.Name(), b.Name()) })
	return out
}

// embedded is a type whose fields and methods a selector reaches at some
// depth; multiple when it is reached by more than one path at that
// depth.
type embedded struct {
	t        types.Type
	multiple bool
}

// selectableFields returns the fields x.f selects for a value x of type
// t, by the rule of the Go specification: the shallowest depth at which
// the name is declared (as a field or a method, whatever its receiver)
// decides, and a name declared more than once there (or reached by two
// paths) is ambiguous. A breadth-first walk of the embedded fields,
// instead of a lookup per name, costs one visit per embedded type.
func selectableFields(t types.Type) []*types.Var {
	var out []*types.Var
	decided := map[string]bool{}
	var seen []types.Type
	current := []embedded{{t: deref(t)}}
	for len(current) > 0 {
		count := map[string]int{}
		fields := map[string]*types.Var{}
		var next []embedded
		add := func(name string, multiple bool) {
			count[name]++
			if multiple {
				count[name]++
			}
		}
		for _, e := range current {
			typ := types.Unalias(e.t)
			if n, ok := typ.(*types.Named); ok {
				if slices.ContainsFunc(seen, func(s types.Type) bool { return types.Identical(s, n) }) {
					continue
				}
				seen = append(seen, n)
				for m := range n.Methods() {
					add(m.Name(), e.multiple)
				}
			}
			switch u := typ.Underlying().(type) {
			case *types.Struct:
				for f := range u.Fields() {
					add(f.Name(), e.multiple)
					fields[f.Name()] = f
					if f.Embedded() {
						next = append(next, embedded{t: deref(f.Type()), multiple: e.multiple})
					}
				}
			case *types.Interface:
				for m := range u.Methods() {
					add(m.Name(), e.multiple)
				}
			}
		}
		for name, c := range count {
			if decided[name] {
				continue
			}
			decided[name] = true
			if f := fields[name]; f != nil && c == 1 {
				out = append(out, f)
			}
		}
		current = consolidate(next)
	}
	return out
}

// consolidate merges the identical types of es, marking them multiple.
func consolidate(es []embedded) []embedded {
	var out []embedded
	for _, e := range es {
		i := slices.IndexFunc(out, func(o embedded) bool { return types.Identical(o.t, e.t) })
		if i < 0 {
			out = append(out, e)
			continue
		}
		out[i].multiple = true
	}
	return out
}

// deref returns the element type of a pointer type, else t.
func deref(t types.Type) types.Type {
	if p, ok := types.Unalias(t).Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// accessible reports whether a cell may select the field or method obj:
// exported ones, and the notebook's own.
func (s *Snapshot) accessible(obj types.Object) bool {
	return obj.Exported() || (obj.Pkg() != nil && obj.Pkg().Path() == s.path)
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
