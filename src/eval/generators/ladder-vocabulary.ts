import type { LadderEffect, LadderRole, LadderShape } from './ladder-model.js';

/** A common-sense reading of a shape: a name per role and each edge's effect. */
export interface LadderStory {
  shape: LadderShape;
  names: Readonly<Partial<Record<LadderRole, string>>>;
  /** One per edge of the shape, in the order of `SHAPE_GRAPHS`. */
  effects: readonly LadderEffect[];
}

// Names take a singular verb and hold no comma or "and", so the list of
// variables in a context reads back unambiguously.
export const LADDER_STORIES: readonly LadderStory[] = [
  {
    shape: 'chain',
    names: { X: 'smoking', M: 'tar buildup', Y: 'lung cancer' },
    effects: ['causes', 'causes'],
  },
  {
    shape: 'chain',
    names: { X: 'heavy rain', M: 'flooding', Y: 'road closure' },
    effects: ['causes', 'causes'],
  },
  {
    shape: 'chain',
    names: { X: 'exercise', M: 'weight loss', Y: 'high blood pressure' },
    effects: ['causes', 'blocks'],
  },
  {
    shape: 'chain',
    names: { X: 'vaccination', M: 'immunity', Y: 'infection' },
    effects: ['causes', 'blocks'],
  },
  {
    shape: 'fork',
    names: { Z: 'smoking', X: 'finger staining', Y: 'lung cancer' },
    effects: ['causes', 'causes'],
  },
  {
    shape: 'fork',
    names: { Z: 'hot weather', X: 'ice cream eating', Y: 'sunburn' },
    effects: ['causes', 'causes'],
  },
  {
    shape: 'fork',
    names: { Z: 'old age', X: 'grey hair', Y: 'poor eyesight' },
    effects: ['causes', 'causes'],
  },
  {
    shape: 'fork',
    names: { Z: 'cold weather', X: 'heating use', Y: 'road ice' },
    effects: ['causes', 'causes'],
  },
  {
    shape: 'collider',
    names: { X: 'talent', Z: 'luck', Y: 'fame' },
    effects: ['causes', 'causes'],
  },
  {
    shape: 'collider',
    names: { X: 'sprinkler use', Z: 'rain', Y: 'wet grass' },
    effects: ['causes', 'causes'],
  },
  {
    shape: 'collider',
    names: { X: 'flu', Z: 'bacterial infection', Y: 'fever' },
    effects: ['causes', 'causes'],
  },
  {
    shape: 'confounding',
    names: { Z: 'old age', X: 'medication use', Y: 'recovery' },
    effects: ['causes', 'blocks', 'causes'],
  },
  {
    shape: 'confounding',
    names: { Z: 'wealth', X: 'private tutoring', Y: 'college admission' },
    effects: ['causes', 'causes', 'causes'],
  },
  {
    shape: 'confounding',
    names: { Z: 'smoking gene', X: 'smoking', Y: 'lung cancer' },
    effects: ['causes', 'causes', 'causes'],
  },
  {
    shape: 'mediation',
    names: { X: 'job training', M: 'skill gain', Y: 'promotion' },
    effects: ['causes', 'causes', 'causes'],
  },
  {
    shape: 'mediation',
    names: { X: 'college degree', M: 'skilled job', Y: 'high salary' },
    effects: ['causes', 'causes', 'causes'],
  },
  {
    shape: 'mediation',
    names: { X: 'diet pill use', M: 'weight loss', Y: 'heart disease' },
    effects: ['causes', 'blocks', 'causes'],
  },
  {
    shape: 'front-door',
    names: { U: 'smoking gene', X: 'smoking', M: 'tar buildup', Y: 'lung cancer' },
    effects: ['causes', 'causes', 'causes', 'causes'],
  },
  {
    shape: 'front-door',
    names: { U: 'job stress', X: 'alcohol use', M: 'liver damage', Y: 'heart disease' },
    effects: ['causes', 'causes', 'causes', 'causes'],
  },
  {
    shape: 'front-door',
    names: { U: 'wealth', X: 'gym membership', M: 'regular exercise', Y: 'longevity' },
    effects: ['causes', 'causes', 'causes', 'causes'],
  },
];

/** Invented words, CLadder's nonsense variables. */
export const NONSENSE_WORDS: readonly string[] = [
  'zupt',
  'blorf',
  'glimx',
  'vorp',
  'quand',
  'snerb',
  'plix',
  'drumf',
  'kwex',
  'yomp',
  'frell',
  'tazz',
  'wibbon',
  'klonk',
  'mirtz',
  'grelp',
  'jaxo',
  'pluvo',
  'zenk',
  'brisp',
  'hulm',
  'trask',
  'vimble',
  'oskip',
  'nurk',
  'clemp',
  'gorb',
  'lusk',
  'fendo',
  'rix',
  'sploon',
  'dwen',
];
