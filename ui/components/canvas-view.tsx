/**
 * The image with its mask overlays, label chips and prompt marks. Pointer input
 * becomes prompts in IMAGE pixels: click (Alt or right button: negative; Shift:
 * a new object), box (drag), brush (drag), with hover moves reported for preview.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { VisualPrompt } from '../engine/prompts/types';
import type { MaskLogits } from '../engine/engine';
import { CHIP_HEIGHT, chipWidth, placeChips, promptMarks } from '../render/chip-placement';
import { drawOverlay, maskCentroid } from '../render/mask-overlay';
import type { RgbaImage } from '../image/rgba-image';

export type Tool = 'click' | 'box' | 'brush';

export interface Overlay {
  id: number;
  mask: MaskLogits;
  colour: readonly [number, number, number];
  label: string;
  active: boolean;
  /** A hover preview, with the image point it was computed for. */
  preview?: { x: number; y: number };
}

export interface CanvasViewProps {
  image: RgbaImage;
  overlays: Overlay[];
  prompts: VisualPrompt[];
  tool: Tool;
  brushRadius: number;
  onPrompt: (p: VisualPrompt, modifiers: { shift: boolean }) => void;
  onHover?: (p: { x: number; y: number } | null) => void;
  label: string;
  /** Preview the cutouts: the image only inside the objects' masks, over a checkerboard (the rest faint, to prompt on). */
  cutout?: boolean;
}

const DISPLAY_WIDTH = 336;

/** The image inside the objects' masks at full strength, faint outside, transparent where the checkerboard shows. */
const drawCutout = (ctx: CanvasRenderingContext2D, image: HTMLCanvasElement, objects: readonly Overlay[], width: number, height: number): void => {
  const masks = new OffscreenCanvas(width, height);
  const mctx = masks.getContext('2d');
  const cut = new OffscreenCanvas(width, height);
  const cctx = cut.getContext('2d');
  if (!mctx || !cctx) return;
  for (const o of objects) drawOverlay(mctx, o.mask, [0, 0, 0], 1, width, height);
  cctx.drawImage(image, 0, 0, width, height);
  cctx.globalCompositeOperation = 'destination-in';
  cctx.drawImage(masks, 0, 0);
  ctx.globalAlpha = 0.2;
  ctx.drawImage(image, 0, 0, width, height);
  ctx.globalAlpha = 1;
  ctx.drawImage(cut, 0, 0);
};

export const CanvasView = (props: CanvasViewProps) => {
  const canvas = useRef<HTMLCanvasElement>(null);
  const base = useRef<HTMLCanvasElement | null>(null);
  const [drag, setDrag] = useState<{ x0: number; y0: number; x1: number; y1: number; points: [number, number][]; negative: boolean } | null>(null);
  const scale = DISPLAY_WIDTH / props.image.width;
  const height = Math.round(props.image.height * scale);

  useEffect(() => {
    const c = document.createElement('canvas');
    c.width = props.image.width;
    c.height = props.image.height;
    c.getContext('2d')?.putImageData(new ImageData(new Uint8ClampedArray(props.image.data), props.image.width, props.image.height), 0, 0);
    base.current = c;
  }, [props.image]);

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx || !base.current) return;
    ctx.clearRect(0, 0, DISPLAY_WIDTH, height);
    ctx.imageSmoothingQuality = 'high';
    const objects = props.overlays.filter((o) => !o.preview);
    if (props.cutout && objects.length > 0) drawCutout(ctx, base.current, objects, DISPLAY_WIDTH, height);
    else ctx.drawImage(base.current, 0, 0, DISPLAY_WIDTH, height);
    for (const o of props.overlays) {
      if (!props.cutout || o.preview) drawOverlay(ctx, o.mask, o.colour, o.preview ? 0.35 : o.active ? 0.55 : 0.45, DISPLAY_WIDTH, height);
    }
    for (const p of props.prompts) {
      if (p.kind === 'click') {
        ctx.beginPath();
        ctx.arc(p.x * scale, p.y * scale, 4, 0, Math.PI * 2);
        ctx.fillStyle = p.positive ? '#14ae5c' : '#f24822';
        ctx.fill();
        ctx.strokeStyle = '#fff';
        ctx.stroke();
      } else if (p.kind === 'box') {
        ctx.strokeStyle = '#18a0fb';
        ctx.setLineDash([4, 3]);
        ctx.strokeRect(Math.min(p.x0, p.x1) * scale, Math.min(p.y0, p.y1) * scale, Math.abs(p.x1 - p.x0) * scale, Math.abs(p.y1 - p.y0) * scale);
        ctx.setLineDash([]);
      } else {
        ctx.strokeStyle = p.positive ? 'rgba(20,174,92,0.8)' : 'rgba(242,72,34,0.8)';
        ctx.lineWidth = Math.max(2, p.radius * 2 * scale);
        ctx.lineCap = 'round';
        ctx.beginPath();
        p.points.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x * scale, y * scale) : ctx.lineTo(x * scale, y * scale)));
        ctx.stroke();
        ctx.lineWidth = 1;
      }
    }
    if (drag && props.tool === 'box') {
      ctx.strokeStyle = '#18a0fb';
      ctx.strokeRect(
        Math.min(drag.x0, drag.x1) * scale,
        Math.min(drag.y0, drag.y1) * scale,
        Math.abs(drag.x1 - drag.x0) * scale,
        Math.abs(drag.y1 - drag.y0) * scale,
      );
    }
  }, [props.overlays, props.prompts, drag, height, scale, props.tool, props.cutout]);

  const toImage = (e: MouseEvent): [number, number] => {
    const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
    return [(e.clientX - r.left) / scale, (e.clientY - r.top) / scale];
  };

  const onDown = (e: MouseEvent) => {
    if (props.tool === 'click') return;
    const [x, y] = toImage(e);
    setDrag({ x0: x, y0: y, x1: x, y1: y, points: [[x, y]], negative: e.altKey || e.button === 2 });
  };
  const onMove = (e: MouseEvent) => {
    const [x, y] = toImage(e);
    if (drag) setDrag({ ...drag, x1: x, y1: y, points: props.tool === 'brush' ? [...drag.points, [x, y]] : drag.points });
    else if (props.tool === 'click') props.onHover?.({ x, y });
  };
  const onUp = (e: MouseEvent) => {
    const [x, y] = toImage(e);
    if (props.tool === 'click') {
      props.onPrompt({ kind: 'click', x, y, positive: !(e.altKey || e.button === 2) }, { shift: e.shiftKey });
      return;
    }
    if (!drag) return;
    if (props.tool === 'box' && Math.abs(x - drag.x0) > 2 && Math.abs(y - drag.y0) > 2) {
      props.onPrompt({ kind: 'box', x0: drag.x0, y0: drag.y0, x1: x, y1: y }, { shift: e.shiftKey });
    } else if (props.tool === 'brush') {
      props.onPrompt({ kind: 'scribble', points: [...drag.points, [x, y]], radius: props.brushRadius, positive: !drag.negative }, { shift: e.shiftKey });
    }
    setDrag(null);
  };

  const preview = props.overlays.find((o) => o.preview);
  // Chips at their masks' centres, moved off the prompt marks and each other (chip-placement.ts).
  const anchored = props.overlays.flatMap((o) => {
    const c = o.preview ? null : maskCentroid(o.mask);
    return c ? [{ o, x: c.x * DISPLAY_WIDTH, y: c.y * height }] : [];
  });
  const places = placeChips(
    anchored.map(({ o, x, y }) => ({ id: o.id, x, y, w: chipWidth(o.label), h: CHIP_HEIGHT })),
    promptMarks(props.prompts, scale),
    { w: DISPLAY_WIDTH, h: height },
  );
  const chips = anchored.map(({ o, x, y }) => ({ o, at: places.get(o.id) ?? { x, y } }));
  return (
    <div
      class={`canvas-wrap${props.cutout ? ' cutout' : ''}`}
      style={{ width: `${DISPLAY_WIDTH}px`, height: `${height}px` }}
      data-preview-label={preview?.label}
      data-preview-at={preview?.preview ? `${Math.round(preview.preview.x)},${Math.round(preview.preview.y)}` : undefined}
    >
      <canvas
        ref={canvas}
        width={DISPLAY_WIDTH}
        height={height}
        aria-label={props.label}
        data-scale={scale}
        class={`canvas tool-${props.tool}`}
        onMouseDown={onDown}
        onMouseMove={onMove}
        onMouseUp={onUp}
        onMouseLeave={() => {
          setDrag(null);
          props.onHover?.(null);
        }}
        onContextMenu={(e) => e.preventDefault()}
      />
      {chips.map(({ o, at }) => (
        <span class="chip" key={o.id} style={{ left: `${at.x}px`, top: `${at.y}px` }}>
          <span class="chip-dot" style={{ background: `rgb(${o.colour.join(',')})` }} />
          {o.label}
        </span>
      ))}
    </div>
  );
};
