/** A YAML parser error as one line for an operator; its stack overflow on thousands of nested brackets, said plainly. */
export function yamlMessage(message: string): string {
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  return /Maximum call stack/i.test(first) ? 'nested too deeply (thousands of brackets or indentation levels)' : first;
}
