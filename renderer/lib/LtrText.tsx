/**
 * A phone number or an e-mail address inside text that may run right to left (Persian): isolated and
 * laid out left to right, so "+44 20 7946 0111" is not reordered into "0111 7946 20 44+".
 */
import type { ReactNode } from 'react';

export function LtrText({ children }: { children: ReactNode }) {
  return <bdi dir="ltr">{children}</bdi>;
}
