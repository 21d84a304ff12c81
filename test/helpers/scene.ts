export * from '../../ui/playground/colour-scene';
