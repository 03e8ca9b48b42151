// The contract an exercise's README states: the numbered list under the heading
// "## What your fix must guarantee". `dev check` compares it with exercise.yaml's `contract:`
// so that every rule a learner reads is one a check proves.
#pragma once

#include <string>
#include <vector>

#include "kit.h"

namespace threadlings {

/// The heading the contract list follows in every exercise README.
inline constexpr const char* kContractHeading = "## What your fix must guarantee";

/// The numbered items after kContractHeading in a README's text, each joined onto one line
/// with runs of spaces collapsed; empty when the heading is missing.
std::vector<std::string> ReadmeContract(const std::string& readme);

/// What is wrong between the README's list and the manifest's `contract:` (missing, a count
/// that differs, a rule worded differently); empty when they agree.
std::vector<std::string> ContractProblems(const Exercise& e, const std::string& readme);

}  // namespace threadlings
