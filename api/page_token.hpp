#pragma once

// NextToken: where a listing of the command registry goes on. Opaque to
// clients; a token that is not one of ours reads as nullopt.

#include "messages/command_queries.hpp"

#include <optional>
#include <string>

namespace broadside::api {

std::string token_of(const page_position& p);
std::optional<page_position> position_of(const std::string& token);

}  // namespace broadside::api
