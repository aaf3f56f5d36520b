#pragma once

// Broadside serves one account, this one, in every API that names one (SSM's
// error messages, CodePipeline's Job.accountId, Cloud Assistant's
// {{ACS::AccountId}}): 111122223333 is AWS's own documentation account, and
// twelve digits as CodePipeline's model requires.

namespace broadside {

inline constexpr const char* account_id = "111122223333";

}  // namespace broadside
