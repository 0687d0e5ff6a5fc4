import { at } from '../../util/at.js';
import { capitalize } from '../../util/text.js';
import { listText } from './causal-text.js';
import type { LadderModel, LadderVariable } from './ladder-model.js';

const PREAMBLE =
  'Imagine a self-contained, hypothetical world with only the following conditions, ' +
  'and without any unmentioned factors or causal relationships.';

/**
 * States a model in words, CLadder-like: the variables, the graph, and
 * each structural equation with its noise probabilities, enough to fix
 * every association, intervention and counterfactual.
 */
export function describeLadderModel(model: LadderModel): string {
  const names = model.variables.map((variable) => variable.name);
  const chance = probabilities(model);
  const sentences = [PREAMBLE, `Each of ${listText(names)} is either present or absent.`];

  for (const variable of model.variables) {
    for (const parent of variable.parents) {
      sentences.push(`${capitalize(parent)} has a direct effect on ${variable.name}.`);
    }
  }
  sentences.push('Every cause and blocker below acts independently of all the others.');

  for (const variable of model.variables) {
    const [background = '', ...edges] = variable.noises;
    if (variable.parents.length === 0) {
      sentences.push(`The overall probability of ${variable.name} is ${chance(background)}.`);
      continue;
    }

    sentences.push(
      `${capitalize(variable.name)} is present exactly when at least one of its causes ` +
        'acts and none of its blockers acts.',
      `A background cause of ${variable.name} acts with probability ${chance(background)}.`,
    );
    variable.parents.forEach((parent, position) => {
      const verb = at(variable.effects, position);
      const noun = verb === 'causes' ? 'cause' : 'blocker';
      sentences.push(
        `${capitalize(parent)} ${verb} ${variable.name}: when ${parent} is present, ` +
          `this ${noun} acts with probability ${chance(at(edges, position))}.`,
      );
    });
  }
  return sentences.join(' ');
}

/** `Y := (B_Y or (X and W_XY)) and not (M and W_MY)`, in roles. */
export function equation(model: LadderModel, variable: LadderVariable): string {
  const role = (name: string) => model.variables.find((v) => v.name === name)?.role ?? name;
  const [background = '', ...edges] = variable.noises;
  const causes = [background];
  const blockers: string[] = [];
  variable.parents.forEach((parent, position) => {
    const term = `(${role(parent)} and ${at(edges, position)})`;
    if (at(variable.effects, position) === 'causes') causes.push(term);
    else blockers.push(term);
  });

  const caused = causes.length === 1 ? background : `(${causes.join(' or ')})`;
  const body = blockers.length === 0 ? caused : `${caused} and not ${blockers.join(' and not ')}`;
  return `${variable.role} := ${body}`;
}

function probabilities(model: LadderModel): (id: string) => string {
  const byId = new Map(model.noises.map((noise) => [noise.id, noise.probability]));
  return (id) => `${Math.round((byId.get(id) ?? 0) * 100)}%`;
}
