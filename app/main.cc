// consentry: streaming consent, purpose and spam checks for outbound customer communication.

#include "app/commands.h"

int main(int argc, char** argv) { return consentry::RunCli(consentry::Args(argv + 1, argv + argc)); }
