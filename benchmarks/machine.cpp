#include "benchmarks/machine.hpp"

#include <sys/utsname.h>

#include <fstream>
#include <string>
#include <thread>

namespace broadside::bench {

namespace {

std::string first_line_with(const std::string& file, const std::string& key) {
  std::ifstream in{file};
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(key, 0) == 0)
      return line.substr(line.find(':') + 1);
  return "";
}

}  // namespace

nlohmann::ordered_json machine() {
  utsname u{};
  uname(&u);
  auto cpu = first_line_with("/proc/cpuinfo", "model name");
  auto mem = first_line_with("/proc/meminfo", "MemTotal");
  auto trim = [](std::string s) {
    auto b = s.find_first_not_of(" \t");
    return b == std::string::npos ? std::string{} : s.substr(b);
  };
  return nlohmann::ordered_json{{"cpu", trim(cpu)},
                                {"cores", std::thread::hardware_concurrency()},
                                {"memory", trim(mem)},
                                {"kernel", std::string{u.release}}};
}

}  // namespace broadside::bench
