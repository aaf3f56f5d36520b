#include "runtime/process_stats.hpp"

#include <fstream>
#include <string>

namespace broadside::runtime {

double peak_rss_mb() {
  std::ifstream status{"/proc/self/status"};
  std::string key;
  while (status >> key) {
    if (key == "VmHWM:") {
      double kib = 0;
      status >> kib;
      return kib / 1024.0;
    }
    std::getline(status, key);
  }
  return 0;
}

}  // namespace broadside::runtime
