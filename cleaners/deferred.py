"""Import a package without some of its dependencies, each imported when the package first uses it.

htmldate imports urllib3 at its top to fetch pages, and builds a retry policy and a connection pool with it
right away; we only ever give it parsed trees. urllib3's import (ssl, http.client, email …) was about 0.1 s
of every process that reads a date with htmldate, a third of the fixed cost of cleaning HTML.

While the package is imported, each dependency's name in sys.modules is a stand-in that records: an attribute
of it, or the call of one, is a `_Later` that stands for what the real module would have given. Nothing
else is allowed of a `_Later` during the import (a truth test, a comparison, a str, an iteration, a base
class, an isinstance, a submodule …): any such use raises, and the package is then imported again the
ordinary way, with the real dependency. So a new release of the package that does more with the dependency
at import costs the saving, never a wrong answer. What cannot be caught so: an identity test (`x is None`),
type(), callable() or hasattr() of a stand-in value at import; the package this is used for does none.

After the import the stand-ins leave sys.modules (`import urllib3` anywhere else gets the real module). On the
package's first use of a dependency, the real one is imported, the calls the package made at import are made
in the order it made them (urllib3.disable_warnings included), and every module of the package then holds the
real objects in place of the stand-in values (HTTP_POOL is a PoolManager again). Until that first use, a
deferred value is not the real object (isinstance of it fails), and what a call made at import did to the
process (a warning filter) is not done yet.

A dependency the package only takes functions from by name (`from charset_normalizer import from_bytes`, which
htmldate calls to guess the encoding of fetched bytes; its import was half of htmldate's in the CLI) is given as
those functions only (`functions=`): each imports the real module at its first call, when the package's modules
get the real module and functions in their place. Any other name of it (dunders included), a call, or a
submodule asked for during the import gives the ordinary import, and so does a dependency that is not installed.
What cannot be caught so: type() of it at import, the identity of a function before its first call (`f is
dep.f`), a listed name the installed dependency lacks (an error at the first call, not at the import), and a
mock of the function in place at its first call (kept).

So this is for a process that is ours throughout, where no other code looks at the package's internals or
imports the dependencies from another thread while the package is imported: the cleaning CLI and its workers
(cleaners/html/htmldate_tree.py decides). A library caller gets the ordinary import.
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
OWN_PROCESS = False


def own_process() -> None:
    """This process is the cleaning CLI's or one of its workers': no code but ours runs in it (the CLI's own
    threads, the workers' pipe readers, import none of the deferred dependencies), so imports may be deferred."""
    global OWN_PROCESS
    OWN_PROCESS = True


class Refused(BaseException):
    """A use of a stand-in value the import cannot defer: not an Exception, so that the package's own
    `except Exception` cannot take it for an ordinary failure and carry on."""


class _Recorder:
    """What a package's import made of one stand-in, in order, and whether that import is still going on."""

    def __init__(self, dependency: str):
        self.dependency = dependency
        self.recording = True
        self.calls: list[_Later] = []
        self.replayed = 0                  # calls made so far: an interrupted replay goes on where it stopped
        self.modules: list[types.ModuleType] = []  # the modules the import made, to hold the real objects after
        self.refused = False

    def refuse(self):
        self.refused = True  # remembered: a bare `except:` in the package may swallow the exception
        raise Refused(f"{self.dependency} used at import in a way that cannot wait")

    def resolve_all(self) -> None:
        with _RESOLVING:
            while self.replayed < len(self.calls):
                self.calls[self.replayed]._later_value()
                self.replayed += 1
            for module in self.modules:
                for name, value in list(getattr(module, "__dict__", {}).items()):
                    if isinstance(value, _Later) and value._later_recorder is self:
                        setattr(module, name, value._later_value())
                    elif isinstance(value, _StandIn) and value.__dict__["_recorder"] is self:
                        setattr(module, name, value.__dict__["_later"]._later_value())
            self.modules = []


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
            self.__dict__["_recorder"].refuse()  # a submodule of it is being imported: that cannot wait
        return getattr(self.__dict__["_later"], name)


class _Functions(types.ModuleType):
    """A dependency the package takes functions from by name (`from charset_normalizer import from_bytes`) to
    call them after its import: each named function here imports the real dependency at its first call and
    passes the call on. During the import nothing else of it is given: any other name (a dunder such as
    `__all__` or `__version__` too), a call, or a submodule refuses, and the package is imported the ordinary
    way. At the first call the package's modules get the real module and functions in place of these, as
    _Recorder.resolve_all does for the stand-ins."""

    def __init__(self, recorder: _Recorder, functions: tuple[str, ...]):
        super().__init__(recorder.dependency)
        mine = object.__getattribute__(self, "__dict__")
        mine["_recorder"], mine["_functions"] = recorder, frozenset(functions)
        for name in functions:
            mine[name] = _calling_later(self, recorder, name)

    def __getattribute__(self, name):
        if name == "__class__":  # isinstance() asks it: our own checks of the package's names must not import
            return _Functions
        mine = object.__getattribute__(self, "__dict__")
        recorder = mine["_recorder"]
        if not recorder.recording:
            return getattr(_real_module(self), name)
        if name in mine["_functions"] or name in ("__name__", "__spec__"):  # the two the import system reads
            return mine[name]
        if name == "__path__":
            # asked by `from dep import f` (whether to import a submodule f: no, f is here) and before a
            # submodule's import, which looks along the path: that cannot wait
            return _RefusingPath(recorder)
        recorder.refuse()


class _RefusingPath:
    """A package's __path__ that cannot be read: a submodule's import, or any other use of it, refuses."""

    def __init__(self, recorder: _Recorder):
        self._recorder = recorder

    def _refuse(self, *args):
        self._recorder.refuse()

    __iter__ = __len__ = __getitem__ = __contains__ = __bool__ = __repr__ = _refuse


def _calling_later(stand_in: _Functions, recorder: _Recorder, name: str):
    def call(*args, **kwargs):
        if recorder.recording:
            recorder.refuse()  # called during the import: that cannot wait
        return getattr(_real_module(stand_in), name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    call.__module__ = recorder.dependency
    return call


def _real_module(stand_in: _Functions) -> types.ModuleType:
    """The dependency itself, imported now if it is not yet; the first time, the package's modules get it in place
    of the stand-in, and its functions in place of the stand-in's."""
    mine = object.__getattribute__(stand_in, "__dict__")
    recorder = mine["_recorder"]
    real = importlib.import_module(recorder.dependency)
    if recorder.modules:
        with _RESOLVING:
            later = {id(mine[name]): name for name in mine["_functions"]}
            for module in recorder.modules:
                for key, value in list(getattr(module, "__dict__", {}).items()):
                    if value is stand_in:
                        setattr(module, key, real)
                    elif id(value) in later and value is mine[later[id(value)]]:
                        setattr(module, key, getattr(real, later[id(value)]))
            recorder.modules = []
    return real


def import_without(package: str, *dependencies: str,
                   functions: dict[str, tuple[str, ...]] | None = None) -> types.ModuleType:
    """import package, with each of dependencies deferred as the module's docstring says, and each dependency
    named in functions given as those functions only (_Functions), when none of them is imported yet; anything
    a stand-in cannot defer gives the ordinary import. Only for a process that is ours throughout (see the
    module's docstring)."""
    functions = functions or {}
    if package in sys.modules:
        return sys.modules[package]
    if any(name in sys.modules for name in (*dependencies, *functions)) or not all(map(_installed, functions)):
        return importlib.import_module(package)  # (one not installed: the ordinary import says so, as it did)
    stand_ins = [_StandIn(_Recorder(name)) for name in dependencies]
    stand_ins += [_Functions(_Recorder(name), names) for name, names in functions.items()]
    dependencies = (*dependencies, *functions)
    recorders = [object.__getattribute__(stand_in, "__dict__")["_recorder"] for stand_in in stand_ins]
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
        for recorder in recorders:
            recorder.modules = new
        return module
    for name in set(sys.modules) - before:  # all of it made again, by the ordinary import
        del sys.modules[name]
    return importlib.import_module(package)


def _installed(name: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _kept_a_name(module, made: set[int]) -> bool:
    """Whether a module kept a name of a stand-in (`from urllib3 import PoolManager`) rather than the module
    itself or what a call made: such a name may be used later where only the real object will do (an except
    clause), so the package is imported the ordinary way."""
    return any(isinstance(value, _Later) and id(value) not in made for value in getattr(module, "__dict__", {}).values())
