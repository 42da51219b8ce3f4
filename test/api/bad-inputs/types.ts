/** A bad input for one admin call, and the field its 400 must name. */
export interface BadInput {
  input: unknown;
  field: string;
}
