/**
 * Dragging a booking block to another time or staff column. A press that does not move is a click
 * (it opens the booking's menu). The drop snaps to 15 minutes under the pointer's lane.
 */
import type { PointerEvent as ReactPointerEvent } from 'react';
import { useCallback, useState } from 'react';

export const SNAP_MINUTES = 15;
const DRAG_THRESHOLD_PX = 5;

export interface DragOffset {
  id: string;
  dx: number;
  dy: number;
}

export interface DropTarget {
  staffId: string;
  /** Minutes since midnight where the block's top lands. */
  minute: number;
}

export function useDragMove(
  pxPerMinute: number,
  onDrop: (bookingId: string, target: DropTarget) => void,
  onPress: (bookingId: string, element: HTMLElement) => void,
) {
  const [drag, setDrag] = useState<DragOffset | null>(null);

  const onPointerDown = useCallback(
    (bookingId: string, event: ReactPointerEvent<HTMLElement>) => {
      if (event.button !== 0) return;
      const element = event.currentTarget;
      const x0 = event.clientX;
      const y0 = event.clientY;
      const grabMinutes = (y0 - element.getBoundingClientRect().top) / pxPerMinute;
      let moved = false;
      const move = (e: PointerEvent) => {
        const dx = e.clientX - x0;
        const dy = e.clientY - y0;
        if (!moved && Math.hypot(dx, dy) < DRAG_THRESHOLD_PX) return;
        moved = true;
        setDrag({ id: bookingId, dx, dy });
      };
      const up = (e: PointerEvent) => {
        window.removeEventListener('pointermove', move);
        window.removeEventListener('pointerup', up);
        setDrag(null);
        if (!moved) return onPress(bookingId, element);
        const lane = document
          .elementsFromPoint(e.clientX, e.clientY)
          .map((el) => el.closest<HTMLElement>('.lane'))
          .find((el): el is HTMLElement => el !== null);
        if (!lane?.dataset.staffId) return;
        const top = lane.getBoundingClientRect().top;
        const raw = Number(lane.dataset.startMinute) + (e.clientY - top) / pxPerMinute - grabMinutes;
        onDrop(bookingId, {
          staffId: lane.dataset.staffId,
          minute: Math.round(raw / SNAP_MINUTES) * SNAP_MINUTES,
        });
      };
      window.addEventListener('pointermove', move);
      window.addEventListener('pointerup', up);
    },
    [pxPerMinute, onDrop, onPress],
  );

  return { drag, onPointerDown };
}
