#pragma once

namespace broadside::runtime {

// Peak resident set size of this process in MiB (VmHWM), or 0 if unknown.
double peak_rss_mb();

}  // namespace broadside::runtime
