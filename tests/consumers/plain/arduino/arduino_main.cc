// SPDX-License-Identifier: Apache-2.0
// The rest of the Arduino stand-in (Arduino.h): Serial on the port's
// console, and a main() that calls the sketch's setup() and loop() once and
// prints the stack's high-water mark.
#include <Arduino.h>

#include "circlet/status.h"
#include "port/port.h"
#include "targets/common/firmware_util.h"

SerialStub Serial;

void SerialStub::begin(unsigned long baud) {
  (void)baud;
}

void SerialStub::print(const char* s) {
  circlet_port_log(s);
}

void SerialStub::print(int v) {
  char text[16];
  circlet::Format(text, sizeof(text), "%d", v);
  circlet_port_log(text);
}

void SerialStub::println(const char* s) {
  circlet_port_log(s);
  circlet_port_log("\n");
}

int main() {
  circlet::firmware::PaintStack();
  setup();
  loop();
  circlet::firmware::Print("stack_bytes=%u\n",
                           static_cast<unsigned>(circlet::firmware::StackUsed()));
  return 0;
}
