// `broadside controller`: the fleet's controller, for real agents and clients.

#include "cli/endpoint.hpp"
#include "cli/stop_signal.hpp"
#include "cli/subcommand.hpp"

#include "distributed/controller_process.hpp"

#include <iostream>
#include <memory>

namespace broadside::cli {

subcommand add_controller_command(CLI::App& parent) {
  auto listen = std::make_shared<std::string>("127.0.0.1:7300");
  auto* cmd = parent.add_subcommand("controller", "Run a controller that real agents connect to");
  cmd->add_option("--listen", *listen, "HOST:PORT to listen on")->capture_default_str();
  return {cmd, [listen] {
            auto at = parse_endpoint("--listen", *listen);
            stop_on_signals();
            distributed::controller_process controller{{at.host, at.port, {}}};
            std::cout << "broadside controller: listening on " << at.host << ":"
                      << controller.port() << std::endl;
            wait_for_stop();
            return 0;
          }};
}

}  // namespace broadside::cli
