"""Import a package without one of its dependencies, which is imported when the package first uses it.

htmldate imports urllib3 at its top to fetch pages, and builds a retry policy and a connection pool with it
right away; we only ever give it parsed trees. urllib3's import (ssl, http.client, email …) was about 0.1 s
of every process that reads a date with htmldate, a third of the fixed cost of cleaning HTML.

While the package is imported, the dependency's name in sys.modules is a stand-in that records: an attribute
of it, or the call of one, is a `_Later` that stands for what the real module would have given. Nothing
else is allowed of a `_Later` during the import (a truth test, a comparison, a str, an iteration, a base
class, an isinstance …): any such use raises, and the package is then imported again the ordinary way, with
the real dependency. So a new release of the package that does more with the dependency at import costs the
saving, never a wrong answer.

After the import the stand-in leaves sys.modules (`import urllib3` anywhere else gets the real module), and
the package's references resolve themselves on first use: the real dependency is imported, the calls the
package made at import are made in the order it made them (urllib3.disable_warnings included), and from
then on every `_Later` forwards to the real object. This is done only in a process with one thread, where no
other code can import the dependency while the stand-in is in sys.modules.
"""
from __future__ import annotations

import importlib
import math
import operator
import os
import sys
import threading
import types

_RESOLVING = threading.RLock()


class Refused(BaseException):
    """A use of a stand-in value the import cannot defer: not an Exception, so that the package's own
    `except Exception` cannot take it for an ordinary failure and carry on."""


class _Recorder:
    """What a package's import made of the stand-in, in order, and whether that import is still going on."""

    def __init__(self, dependency: str):
        self.dependency = dependency
        self.recording = True
        self.calls: list[_Later] = []
        self.resolved = False
        self.refused = False

    def refuse(self):
        self.refused = True  # remembered: a bare `except:` in the package may swallow the exception
        raise Refused(f"{self.dependency} used at import in a way that cannot wait")

    def resolve_all(self) -> None:
        with _RESOLVING:
            if self.resolved:
                return
            self.resolved = True
            for call in self.calls:
                call._later_value()


_UNSET = object()


class _Later:
    """An attribute of the dependency, or a call's result, made real when first used after the import."""

    __slots__ = ("_later_recorder", "_later_make", "_later_real")

    def __init__(self, recorder: _Recorder, make):
        object.__setattr__(self, "_later_recorder", recorder)
        object.__setattr__(self, "_later_make", make)
        object.__setattr__(self, "_later_real", _UNSET)

    def _later_value(self):
        if self._later_real is _UNSET:
            with _RESOLVING:
                if self._later_real is _UNSET:
                    object.__setattr__(self, "_later_real", self._later_make())
        return self._later_real

    def _later_use(self):
        """The real object, for a use after the import: the import's calls are all made first."""
        if self._later_recorder.recording:
            self._later_recorder.refuse()
        self._later_recorder.resolve_all()
        return self._later_value()

    def __getattr__(self, name):
        if self._later_recorder.recording and not name.startswith("__"):
            return _Later(self._later_recorder, lambda: getattr(self._later_value(), name))
        return getattr(self._later_use(), name)

    def __call__(self, *args, **kwargs):
        if self._later_recorder.recording:
            later = _Later(self._later_recorder, lambda: self._later_value()(*_real_all(args), **_real_all(kwargs)))
            self._later_recorder.calls.append(later)
            return later
        return self._later_use()(*args, **kwargs)

    def __setattr__(self, name, value):
        setattr(self._later_use(), name, value)

    def __repr__(self):
        return "<deferred>" if self._later_recorder.recording else repr(self._later_use())

    def __mro_entries__(self, bases):
        return (self._later_use(),)

    def __instancecheck__(self, instance):
        return isinstance(instance, self._later_use())


def _forwarding(name: str, operation):
    def forward(self, *args):
        return operation(self._later_use(), *args)

    forward.__name__ = f"__{name}__"
    return forward


def _reflected(operation):
    return lambda real, other: operation(other, real)


# every operation a value has, so that none of them raises the TypeError an object without it would (which
# the package might catch and carry on from): during the import they refuse, after it they are the real one's
_NUMBERS = "add sub mul matmul truediv floordiv mod lshift rshift and xor or".split()
_OPERATIONS = {
    **{n: getattr(operator, f"__{n}__") for n in ("eq", "ne", "lt", "le", "gt", "ge", "getitem", "setitem", "delitem",
                                         "contains", "neg", "pos", "abs", "invert", "index", *_NUMBERS)},
    **{f"r{n}": _reflected(getattr(operator, f"__{n}__")) for n in _NUMBERS},
    **{f"i{n}": getattr(operator, f"__i{n}__") for n in _NUMBERS},
    "pow": pow, "rpow": _reflected(pow), "ipow": operator.ipow, "divmod": divmod, "rdivmod": _reflected(divmod),
    "bool": bool, "hash": hash, "str": str, "bytes": bytes, "format": format, "iter": iter, "next": next,
    "reversed": reversed, "len": len, "int": int, "float": float, "complex": complex, "round": round,
    "trunc": math.trunc, "floor": math.floor, "ceil": math.ceil, "fspath": os.fspath,
    **{n: (lambda n: lambda real, *args: getattr(real, f"__{n}__")(*args))(n)
       for n in ("enter", "exit", "await", "aiter", "anext")},
}
for _name, _operation in _OPERATIONS.items():
    setattr(_Later, f"__{_name}__", _forwarding(_name, _operation))
del _name, _operation


def _real_all(values):
    if isinstance(values, dict):
        return {k: v._later_value() if isinstance(v, _Later) else v for k, v in values.items()}
    return [v._later_value() if isinstance(v, _Later) else v for v in values]


class _StandIn(types.ModuleType):
    """The dependency's module while the package is imported: every attribute is a _Later."""

    def __init__(self, recorder: _Recorder):
        super().__init__(recorder.dependency)
        self.__dict__["_recorder"] = recorder
        self.__dict__["_later"] = _Later(recorder, lambda: importlib.import_module(recorder.dependency))

    def __getattr__(self, name):
        if name == "__path__" and self.__dict__["_recorder"].recording:
            raise AttributeError(name)  # the import system's probe: a module, not a package
        return getattr(self.__dict__["_later"], name)


def import_without(package: str, *dependencies: str) -> types.ModuleType:
    """import package, with each of dependencies deferred as the module's docstring says where that is safe: none
    of them imported yet, one thread. Anything a stand-in cannot defer: the ordinary import."""
    if package in sys.modules:
        return sys.modules[package]
    if any(name in sys.modules for name in dependencies) or threading.active_count() != 1:
        return importlib.import_module(package)
    stand_ins = [_StandIn(_Recorder(name)) for name in dependencies]
    recorders = [stand_in.__dict__["_recorder"] for stand_in in stand_ins]
    before = set(sys.modules)
    sys.modules.update(zip(dependencies, stand_ins))
    try:
        module = importlib.import_module(package)
    except (Exception, Refused):
        module = None
    finally:
        for name, stand_in, recorder in zip(dependencies, stand_ins, recorders):
            recorder.recording = False
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]
    new = [sys.modules[name] for name in set(sys.modules) - before]
    made = {id(call) for recorder in recorders for call in recorder.calls}
    if module is not None and not any(r.refused for r in recorders) and not any(_kept_a_name(m, made) for m in new):
        return module
    for name in set(sys.modules) - before:  # the package's modules, and any other that took from a stand-in
        if name == package or name.startswith(package + ".") or _took(sys.modules[name], stand_ins):
            del sys.modules[name]
    return importlib.import_module(package)


def _globals(module) -> list:
    return list(getattr(module, "__dict__", {}).values())


def _took(module, stand_ins) -> bool:
    return any(isinstance(value, _Later) or any(value is s for s in stand_ins) for value in _globals(module))


def _kept_a_name(module, made: set[int]) -> bool:
    """Whether a module kept a name of a stand-in (`from urllib3 import PoolManager`) rather than the module
    itself or what a call made: such a name may be used later where only the real object will do (an except
    clause), so the package is imported the ordinary way."""
    return any(isinstance(value, _Later) and id(value) not in made for value in _globals(module))
