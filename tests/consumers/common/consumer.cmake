# SPDX-License-Identifier: Apache-2.0
# The host consumers' program (common/consumer.cc) with the model, its input
# and its golden output embedded; included by each consumer project after it
# has made circlet::circlet available its own way.
set(CONSUMER_COMMON_DIR ${CMAKE_CURRENT_LIST_DIR})
function(consumer_program kind)
  add_executable(consumer ${CONSUMER_COMMON_DIR}/consumer.cc)
  target_link_libraries(consumer PRIVATE circlet::circlet)
  target_compile_definitions(consumer PRIVATE CONSUMER_NAME="${kind}")
  target_compile_options(consumer PRIVATE -Wall -Wextra -Werror)
  circlet_embed_model(consumer consumer_model ${CONSUMER_MODEL_DIR}/model.tflite)
  circlet_embed_model(consumer consumer_input ${CONSUMER_MODEL_DIR}/input0.bin)
  circlet_embed_model(consumer consumer_golden ${CONSUMER_MODEL_DIR}/output0.bin)
endfunction()
