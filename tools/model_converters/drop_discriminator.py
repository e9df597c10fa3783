# Make an adversarially (cGAN) or end-to-end (GAN-aug e2e) trained
# checkpoint a plain mmseg checkpoint of its segmentor:
#   python tools/model_converters/drop_discriminator.py IN.pth OUT.pth
import argparse

from mmseg_gan.apis import to_plain_segmentor_checkpoint
from mmseg_gan.utils import add_debug_arg, cli_errors


def main():
    parser = argparse.ArgumentParser(
        description='Keep the segmentor of an AdversarialSegmentor '
        '(drops adversarial_head.*) or EndToEndGANAug (keeps segmentor.*, '
        'renamed) checkpoint, without optimizer state')
    parser.add_argument('src')
    parser.add_argument('dst')
    add_debug_arg(parser)
    args = parser.parse_args()
    with cli_errors():
        dropped = to_plain_segmentor_checkpoint(args.src, args.dst)
        print(f'{args.dst}: plain segmentor checkpoint ({dropped} '
              'GAN tensors dropped)')


if __name__ == '__main__':
    main()
