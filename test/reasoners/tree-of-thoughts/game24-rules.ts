/** Scripted rules keyed on the numbers left, for the Game of 24 prompts. */
export function propose(left: string, reply: string) {
  return { match: `Numbers left: ${left}\nPossible next steps:`, reply };
}

export function value(left: string, reply: string) {
  return { match: `Numbers left: ${left}\nVerdict:`, reply };
}

/** Prompts of requests, for counting what the search asked. */
export function prompts(requests: { messages?: { content: string }[] }[]): string[] {
  return requests.map(
    (request) => request.messages?.map((message) => message.content).join('\n') ?? '',
  );
}

export function asked(requests: { messages?: { content: string }[] }[], rule: { match: string }) {
  return prompts(requests).filter((prompt) => prompt.includes(rule.match)).length;
}
