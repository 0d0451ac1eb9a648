// SPDX-License-Identifier: Apache-2.0
// A stand-in for the Arduino core's Arduino.h, just what the dist's example
// sketch uses (Serial), so that plain_consumer.py can compile the sketch the
// way the Arduino builder does (the .ino as C++ after #include <Arduino.h>)
// and run it under QEMU. Serial writes to the port's console.
#ifndef CIRCLET_TEST_ARDUINO_H_
#define CIRCLET_TEST_ARDUINO_H_

#include <stddef.h>
#include <stdint.h>

class SerialStub {
 public:
  void begin(unsigned long baud);
  void print(const char* s);
  void print(int v);
  void println(const char* s);
};
extern SerialStub Serial;

void setup();
void loop();

#endif  // CIRCLET_TEST_ARDUINO_H_
