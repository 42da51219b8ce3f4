// What nodes and edge labels inside the graph may do: make one undoable edit of the draft.
import { createContext, useContext } from 'react';
import type { ProposedTable } from '../../../../shared/contract-routing';

export interface RoutingEditor {
  edit: (change: (table: ProposedTable) => ProposedTable) => void;
}

export const RoutingEditorContext = createContext<RoutingEditor>({ edit: () => {} });

export const useRoutingEditor = () => useContext(RoutingEditorContext);
