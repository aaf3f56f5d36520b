#pragma once

// Atoms for the few messages that carry no data of their own. The bs prefix
// keeps them clear of CAF's own atoms (ping_atom, ok_atom, ...).

#include <caf/atom.hpp>

namespace broadside {

// An actor's own timer firing: (timer_atom, kind, generation). Timers cannot
// be cancelled in CAF 0.17, so a stale generation is ignored on arrival.
using timer_atom = caf::atom_constant<caf::atom("bstimer")>;

// command -> invocation: CancelCommand reached this invocation.
using cancel_atom = caf::atom_constant<caf::atom("bscancel")>;

// network -> node: the node's link came back; flush what could not be sent.
using link_up_atom = caf::atom_constant<caf::atom("bslinkup")>;

}  // namespace broadside
