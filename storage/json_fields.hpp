#pragma once

// Reading the JSON texts the stores keep: a member missing from a stored text
// keeps the field's default, so rows written before a field existed still read.

#include <nlohmann/json.hpp>

namespace broadside::storage {

// Sets `field` from j[key] if `j` has it.
template <class T>
void read_if_present(const nlohmann::json& j, const char* key, T& field) {
  if (auto it = j.find(key); it != j.end())
    it->get_to(field);
}

}  // namespace broadside::storage
