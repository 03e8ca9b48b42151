#include "raw_terminal.h"

#include <fmt/core.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "process.h"

namespace threadlings {

RawTerminal::RawTerminal() {
  if (!isatty(0) || tcgetattr(0, &saved_) != 0) return;
  active_ = true;
  RestoreTerminalOnInterrupt(0, &saved_);
  Raw();
}

RawTerminal::~RawTerminal() {
  if (!active_) return;
  Cooked();
  RestoreTerminalOnInterrupt(-1, nullptr);
}

void RawTerminal::Raw() {
  if (!active_) return;
  struct termios t = saved_;
  t.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);
  t.c_cc[VMIN] = 1;
  t.c_cc[VTIME] = 0;
  tcsetattr(0, TCSANOW, &t);
}

void RawTerminal::Cooked() {
  if (active_) tcsetattr(0, TCSANOW, &saved_);
}

bool RawTerminal::ReadKey(char* key) { return read(0, key, 1) == 1; }

char RawTerminal::PromptKey(const std::string& prompt) {
  fmt::print("{}", prompt);
  std::fflush(stdout);
  char key = 0;
  if (!ReadKey(&key)) key = 0;
  fmt::print("{}\n", key >= ' ' && key < 127 ? std::string(1, key) : std::string());
  std::fflush(stdout);
  return key;
}

std::string RawTerminal::PromptLine(const std::string& prompt) {
  fmt::print("{}", prompt);
  std::fflush(stdout);
  Cooked();
  std::string line;
  if (!std::getline(std::cin, line)) line.clear();
  Raw();
  while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
  return line;
}

}  // namespace threadlings
