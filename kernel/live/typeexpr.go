package live

import (
	"errors"
	"fmt"
	"go/types"
	"strconv"
	"strings"
)

// errUnnamed reports a type that generated code cannot spell.
var errUnnamed = errors.New("its type cannot be named outside the cell")

// typeExpr spells t in generated code, adding the imports it needs.
// embedded asks for the exported alias of a notebook type, so that an
// embedded field gets the exported name.
func (g *generator) typeExpr(t types.Type, imps *importSet, embedded bool) (string, error) {
	switch t := t.(type) {
	case *types.Basic:
		if t.Kind() == types.UnsafePointer {
			return imps.add("unsafe", "unsafe") + ".Pointer", nil
		}
		if t.Info()&types.IsUntyped != 0 {
			return "", errUnnamed
		}
		return t.Name(), nil
	case *types.Alias:
		if t.Obj().Pkg() == nil {
			return t.Obj().Name(), nil
		}
		return g.typeExpr(types.Unalias(t), imps, embedded)
	case *types.Named:
		obj := t.Obj()
		var name string
		switch {
		case obj.Pkg() == nil:
			name = obj.Name() // error, comparable
		case obj.Pkg().Path() == checkPath:
			switch d := g.where[obj]; {
			case d != nil:
				name = imps.add(d.pkg, cellAlias(d.pkg)) + "." + exported(obj.Name())
			case obj.Parent() == g.pkg.Scope():
				name = obj.Name()
				if embedded {
					name = exported(obj.Name())
				}
			default:
				return "", fmt.Errorf("its type %s is declared inside a function", obj.Name())
			}
		case !obj.Exported():
			return "", fmt.Errorf("its type %s.%s is not exported", obj.Pkg().Name(), obj.Name())
		default:
			name = imps.add(obj.Pkg().Path(), "nbi_"+obj.Pkg().Name()) + "." + obj.Name()
		}
		if t.TypeArgs().Len() > 0 {
			var as []string
			for a := range t.TypeArgs().Types() {
				s, err := g.typeExpr(a, imps, false)
				if err != nil {
					return "", err
				}
				as = append(as, s)
			}
			name += "[" + strings.Join(as, ", ") + "]"
		}
		return name, nil
	case *types.TypeParam:
		return t.Obj().Name(), nil
	case *types.Pointer:
		s, err := g.typeExpr(t.Elem(), imps, embedded)
		return "*" + s, err
	case *types.Slice:
		s, err := g.typeExpr(t.Elem(), imps, false)
		return "[]" + s, err
	case *types.Array:
		s, err := g.typeExpr(t.Elem(), imps, false)
		return "[" + strconv.FormatInt(t.Len(), 10) + "]" + s, err
	case *types.Map:
		k, err := g.typeExpr(t.Key(), imps, false)
		if err != nil {
			return "", err
		}
		v, err := g.typeExpr(t.Elem(), imps, false)
		return "map[" + k + "]" + v, err
	case *types.Chan:
		s, err := g.typeExpr(t.Elem(), imps, false)
		switch t.Dir() {
		case types.SendOnly:
			return "chan<- " + s, err
		case types.RecvOnly:
			return "<-chan " + s, err
		}
		return "chan (" + s + ")", err
	case *types.Signature:
		s, err := g.signature(t, imps)
		return "func" + s, err
	case *types.Struct:
		var fs []string
		for i := range t.NumFields() {
			f := t.Field(i)
			s, err := g.typeExpr(f.Type(), imps, f.Embedded())
			if err != nil {
				return "", err
			}
			if !f.Embedded() {
				name := f.Name()
				if f.Pkg() != nil && f.Pkg().Path() == checkPath {
					name = exported(name)
				} else if !f.Exported() {
					return "", fmt.Errorf("its type has the unexported field %s", f.Name())
				}
				s = name + " " + s
			}
			if tag := t.Tag(i); tag != "" {
				s += " " + strconv.Quote(tag)
			}
			fs = append(fs, s)
		}
		return "struct{" + strings.Join(fs, "; ") + "}", nil
	case *types.Interface:
		var ms []string
		for i := range t.NumEmbeddeds() {
			s, err := g.typeExpr(t.EmbeddedType(i), imps, false)
			if err != nil {
				return "", err
			}
			ms = append(ms, s)
		}
		for i := range t.NumExplicitMethods() {
			m := t.ExplicitMethod(i)
			name := m.Name()
			if m.Pkg() != nil && m.Pkg().Path() == checkPath {
				name = exported(name)
			} else if !m.Exported() {
				return "", fmt.Errorf("its type has the unexported method %s", m.Name())
			}
			s, err := g.signature(m.Signature(), imps)
			if err != nil {
				return "", err
			}
			ms = append(ms, name+s)
		}
		return "interface{" + strings.Join(ms, "; ") + "}", nil
	case *types.Union:
		var ts []string
		for i := range t.Len() {
			s, err := g.typeExpr(t.Term(i).Type(), imps, false)
			if err != nil {
				return "", err
			}
			if t.Term(i).Tilde() {
				s = "~" + s
			}
			ts = append(ts, s)
		}
		return strings.Join(ts, " | "), nil
	}
	return "", errUnnamed
}

// signature spells the parameters and results of a function type.
func (g *generator) signature(sig *types.Signature, imps *importSet) (string, error) {
	tuple := func(t *types.Tuple, variadic bool) (string, error) {
		var ps []string
		for i := range t.Len() {
			typ := t.At(i).Type()
			prefix := ""
			if variadic && i == t.Len()-1 {
				typ = typ.(*types.Slice).Elem()
				prefix = "..."
			}
			s, err := g.typeExpr(typ, imps, false)
			if err != nil {
				return "", err
			}
			ps = append(ps, prefix+s)
		}
		return "(" + strings.Join(ps, ", ") + ")", nil
	}
	p, err := tuple(sig.Params(), sig.Variadic())
	if err != nil {
		return "", err
	}
	r, err := tuple(sig.Results(), false)
	if err != nil {
		return "", err
	}
	if sig.Results().Len() == 0 {
		return p, nil
	}
	return p + " " + r, nil
}
