#pragma once

// Atoms for the few messages that carry no data of their own. The bs prefix
// keeps them clear of CAF's own atoms (ping_atom, ok_atom, ...).

#include <caf/atom.hpp>

namespace broadside {

// An actor's own timer firing: (timer_atom, what it is for...), e.g. an
// invocation's serial or a node run's token. CAF 0.17's timers cannot be
// called off (the runtime's only in virtual time), so actors recognise stale
// ones on arrival.
using timer_atom = caf::atom_constant<caf::atom("bstimer")>;

// command -> invocation: CancelCommand reached this invocation.
using cancel_atom = caf::atom_constant<caf::atom("bscancel")>;

// controller -> agent session: (attach_atom, agent) — the node's agent
// (re)connected as this actor.
using attach_atom = caf::atom_constant<caf::atom("bsattach")>;

// agent -> controller: (heartbeat_atom, node) — still here (LastPingDateTime);
// the controller passes it to the node's session as (heartbeat_atom).
using heartbeat_atom = caf::atom_constant<caf::atom("bsbeat")>;

// network -> node: the node's link came back; flush what could not be sent.
using link_up_atom = caf::atom_constant<caf::atom("bslinkup")>;

// command -> command registry: (resolved_atom, command id, instance ids) —
// the command's targets, in target order.
using resolved_atom = caf::atom_constant<caf::atom("bsresolvd")>;

// database writer -> command registry: (stored_atom, command id, error) —
// the accepted command is durable (error empty) or could not be stored.
using stored_atom = caf::atom_constant<caf::atom("bsstored")>;

// API -> command registry: (registry_stats_atom), answered with registry_stats.
using registry_stats_atom = caf::atom_constant<caf::atom("bsregstat")>;

}  // namespace broadside
